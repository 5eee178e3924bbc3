using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MonitoringStack.AppHost.Autoscaling;
using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Experiments.Running;
using MonitoringStack.Faults;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost.Experiments;

/// <summary>
/// The experiments' view of the stack this AppHost orchestrates: scaling through the API's replica set (<see cref="ApiReplicaSet"/>),
/// the autoscaler through the stack's autoscaler-on/off commands, faults through the replicas' resource
/// commands (the process faults, and the API's switches with the step's parameters: the same commands the
/// dashboard runs, which journal them), infrastructure restarts through Aspire's Restart command; restarts, replica changes and autoscaler decisions from the journals,
/// notifications from the alert receiver, and nginx's error log.
/// </summary>
/// <param name="autoscaler">Absent in publish mode, where the cluster's HPA scales and no experiment runs.</param>
public sealed class AspireStackDriver(
    StackSettings stack,
    RenderedConfig config,
    ApiReplicaSet scaler,
    ResourceCommandService commands,
    MonitoringJournal journal,
    IHttpClientFactory httpClients,
    ILogger<AspireStackDriver> logger,
    AutoscalerSwitch? autoscaler = null) : IStackDriver
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(60);
    /// <summary>A tick that is scaling up may wait for several replicas to start (up to a minute each, on a starved machine).</summary>
    private static readonly TimeSpan AutoscalerSwitchLimit = TimeSpan.FromMinutes(3);

    public Uri Entry => Local(stack.Topology.Ports.Nginx);
    public Uri Prometheus => Local(stack.Topology.Ports.Prometheus);
    public Uri Alertmanager => Local(stack.Topology.Ports.Alertmanager);
    public int Replicas => scaler.Running;

    public Task ScaleAsync(int replicas, CancellationToken cancellationToken) => scaler.ScaleAsync(replicas, cancellationToken);

    public async Task SetAutoscalingAsync(bool enabled, CancellationToken cancellationToken)
    {
        var onOff = autoscaler ?? throw new InvalidOperationException("this stack has no autoscaler (publish mode)");
        if (onOff.Enabled != enabled)
        {
            // The stack's own commands, as a person uses them: the dashboard shows the switch, the journal has it.
            await CommandAsync(StackControl.Name, enabled ? AutoscalerCommands.On : AutoscalerCommands.Off, cancellationToken).ConfigureAwait(false);
        }
        var deadline = DateTimeOffset.UtcNow + AutoscalerSwitchLimit;
        while (onOff.Acting != enabled)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"the autoscaler did not take in the switch {(enabled ? "on" : "off")} within {AutoscalerSwitchLimit.TotalSeconds:0} s");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<ReplicaChange>> ReplicaChangesAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReplicaChange>>(journal.Read<ScalingRecord>(MonitoringJournal.ScalingFile)
            .Where(r => r.RequestedAt >= since)
            .Select(r => new ReplicaChange(r.RequestedAt, r.CompletedAt, r.From, r.To))
            .ToArray());

    public Task<IReadOnlyList<ScalingDecision>> AutoscalerDecisionsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        // autoscaling.jsonl is in the same folder and format as the stack's other journals.
        Task.FromResult<IReadOnlyList<ScalingDecision>>(journal.Read<AutoscalerDecision>(AutoscalerJournal.File)
            .Where(d => d.At >= since)
            .Select(d => new ScalingDecision(d.At, JsonNamingPolicy.CamelCase.ConvertName(d.Action.ToString()), d.Current, d.To,
                d.Average, d.Target, d.Reason, d.Outcome))
            .ToArray());

    public string? WhyNot(ActionKind kind) => kind is ActionKind.Partition or ActionKind.Heal ? NetworkPartition.WhyNot() : null;

    public async Task<string> ExecuteAsync(FaultAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var detail = action.Kind switch
        {
            ActionKind.Kill => await CommandAsync(action.Target!, ProcessFaultCommands.Kill, cancellationToken,
                action.KeepDownSeconds is { } down ? (ProcessFaultCommands.KeepDownArgument, down.ToString(CultureInfo.InvariantCulture)) : null),
            ActionKind.Pause => await CommandAsync(action.Target!, ProcessFaultCommands.Pause, cancellationToken),
            ActionKind.Resume => await CommandAsync(action.Target!, ProcessFaultCommands.Resume, cancellationToken),
            ActionKind.Partition => await CommandAsync(action.Target!, ProcessFaultCommands.Partition, cancellationToken),
            ActionKind.Heal => await CommandAsync(action.Target!, ProcessFaultCommands.Heal, cancellationToken),
            ActionKind.Chaos => await ChaosAsync(action.Target!, ExperimentActions.ChaosRequest(action), cancellationToken),
            ActionKind.ChaosReset => await CommandAsync(action.Target!, FaultCatalogue.Reset.CommandName, cancellationToken),
            ActionKind.RestartPrometheus => await RestartAsync(StackEndpoints.PrometheusResource, stack.Topology.Ports.Prometheus, cancellationToken),
            ActionKind.RestartAlertmanager => await RestartAsync(StackEndpoints.AlertmanagerResource, stack.Topology.Ports.Alertmanager, cancellationToken),
            _ => throw new InvalidOperationException($"no way to carry out {action.Action} here"),
        };
        return detail;
    }

    public Task<IReadOnlyList<ObservedRestart>> RestartsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ObservedRestart>>(journal.Read<RestartRecord>(MonitoringJournal.RestartsFile)
            .Where(r => r.ExitedAt >= since)
            .Select(r => new ObservedRestart(r.Resource, r.ExitedAt, r.ReadyAt, r.ExitCode,
                $"exited ({r.Reason}), restarted by the AppHost after {r.BackoffSeconds:0.0} s"))
            .ToArray());

    public async Task<IReadOnlyList<AlertNotification>> NotificationsAsync(CancellationToken cancellationToken)
    {
        using var http = httpClients.CreateClient();
        var received = await http.GetFromJsonAsync<Received[]>(new Uri(Local(stack.Topology.Ports.WebhookReceiver), "/notifications"), cancellationToken).ConfigureAwait(false) ?? [];
        // Slack messages that fall back to the receiver carry no structured alerts; the webhook's do.
        return received.SelectMany(n => n.Alerts.Select(a => new AlertNotification(a.AlertName, a.Status, n.ReceivedAt))).ToArray();
    }

    public IEnumerable<string> LoadBalancerLog(DateTimeOffset since, DateTimeOffset until, int max) =>
        NginxErrorLog.UpstreamLines(Path.Combine(config.NginxPrefixDirectory, "logs", "error.log"), since, until, max);

    private async Task<string> CommandAsync(string resource, string command, CancellationToken cancellationToken, (string Name, string Value)? argument = null)
    {
        InteractionInput[] inputs = argument is { } a ? [new InteractionInput { Name = a.Name, Label = a.Name, InputType = InputType.Text, Value = a.Value }] : [];
        var result = await commands.ExecuteCommandAsync(resource, command, new InteractionInputCollection(inputs), cancellationToken).ConfigureAwait(false);
        return result.Success ? result.Message ?? command : throw new InvalidOperationException($"{resource} {command}: {result.Message}");
    }

    /// <summary>The replica's dashboard command of the fault, with the step's parameters as its arguments.</summary>
    private async Task<string> ChaosAsync(string replica, FaultRequest request, CancellationToken cancellationToken)
    {
        InteractionInput[] inputs = [.. request.Arguments.Select(a => new InteractionInput { Name = a.Key, Label = a.Key, InputType = InputType.Number, Value = a.Value })];
        var result = await commands.ExecuteCommandAsync(replica, request.Fault.CommandName, new InteractionInputCollection(inputs), cancellationToken).ConfigureAwait(false);
        return result.Success ? result.Message ?? request.ToString() : throw new InvalidOperationException($"{replica} {request.Fault.CommandName}: {result.Message}");
    }

    private async Task<string> RestartAsync(string resource, int port, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        await CommandAsync(resource, KnownResourceCommands.RestartCommand, cancellationToken).ConfigureAwait(false);
        if (await HttpReadiness.WaitAsync(httpClients, new Uri(Local(port), "/-/ready"), ReadyLimit, cancellationToken).ConfigureAwait(false) is { } readyAt)
        {
            var detail = $"{resource} restarted, ready after {(readyAt - started).TotalSeconds:0.0} s";
            journal.Faulted(new FaultRecord(started, "restart", resource, null, detail));
            return detail;
        }
        DriverLog.NotReady(logger, resource);
        return $"{resource} restarted but not ready within {ReadyLimit.TotalSeconds:0} s";
    }

    private static Uri Local(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

    private sealed record Received(DateTimeOffset ReceivedAt, string Path, string Status, IReadOnlyList<ReceivedAlert> Alerts);

    private sealed record ReceivedAlert(string AlertName, string Status);
}

internal static partial class DriverLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource} was restarted but did not become ready")]
    public static partial void NotReady(ILogger logger, string resource);
}
