using System.Globalization;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Experiments.Running;
using MonitoringStack.Faults;

namespace MonitoringStack.Hosting.Experiments;

/// <summary>
/// The experiment engine's view of any Aspire application composed with MonitoringStack.Hosting, read from
/// its model: replica sets by name (scaled through their <c>scale</c> command), faults through the replicas'
/// commands (the same commands the dashboard runs, which journal them), Prometheus and Alertmanager restarts
/// through Aspire's Restart command; restarts and replica changes from the package's journal, notifications
/// from the alert receiver, and load through the nginx resource. It expects one Prometheus, one
/// Alertmanager, one alert receiver and one nginx in the application; an autoscaler and a load balancer log
/// are extras a derived driver adds.
/// </summary>
/// <example>
/// <code>
/// var driver = new AspireExperimentDriver(app.Services);
/// using var runner = new ResilienceRunner(driver, Console.WriteLine);
/// var result = await runner.RunAsync(ExperimentLoader.LoadFile("experiments/kill-replica.yaml"), cancellationToken);
/// </code>
/// </example>
public class AspireExperimentDriver : IStackDriver
{
    private const string HttpEndpoint = "http";
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(60);
    private readonly DistributedApplicationModel _model;
    private readonly ResourceCommandService _commands;
    private readonly MonitoringJournal _journal;
    private readonly FaultBoard _faults;
    private readonly IHttpClientFactory _httpClients;
    private readonly ILogger _logger;

    /// <param name="services">The running application's services (<c>DistributedApplication.Services</c>).</param>
    public AspireExperimentDriver(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _model = services.GetRequiredService<DistributedApplicationModel>();
        _commands = services.GetRequiredService<ResourceCommandService>();
        _journal = services.GetService<MonitoringJournal>()
            ?? throw new InvalidOperationException("the application has no MonitoringStack.Hosting resources (no journal): add replicas with AddReplicas first");
        _faults = services.GetRequiredService<FaultBoard>();
        _httpClients = services.GetRequiredService<IHttpClientFactory>();
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(GetType());
    }

    public Uri Entry => Local(Single<INginxResource>("an nginx load balancer (AddNginxLoadBalancer)"));

    public Uri Prometheus => Local(Single<IPrometheusResource>("a Prometheus (AddPrometheus)"));

    public Uri Alertmanager => Local(Single<IAlertmanagerResource>("an Alertmanager (AddAlertmanager)"));

    public int RunningReplicas(string replicaSet) => Set(replicaSet).Running;

    public async Task ScaleAsync(string replicaSet, int replicas, CancellationToken cancellationToken) =>
        await CommandAsync(Set(replicaSet).Name, ReplicaResourceBuilderExtensions.ScaleCommand, cancellationToken,
            (ReplicaResourceBuilderExtensions.ReplicasArgument, replicas.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);

    /// <summary>The package has no autoscaler: off is what there is, on is an error.</summary>
    public virtual Task SetAutoscalingAsync(bool enabled, CancellationToken cancellationToken) => enabled
        ? throw new InvalidOperationException("this application has no autoscaler: a spike experiment's autoscaled variant cannot run on it")
        : Task.CompletedTask;

    public Task<IReadOnlyList<ReplicaChange>> ReplicaChangesAsync(string replicaSet, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReplicaChange>>(_journal.Read<ScalingRecord>(MonitoringJournal.ScalingFile)
            .Where(r => r.RequestedAt >= since && (r.ReplicaSet is null || r.ReplicaSet == replicaSet))
            .Select(r => new ReplicaChange(r.RequestedAt, r.CompletedAt, r.From, r.To, r.Joined?.Select(j => j.JoinedAt).ToArray()))
            .ToArray());

    /// <summary>None: the package has no autoscaler.</summary>
    public virtual Task<IReadOnlyList<ScalingDecision>> AutoscalerDecisionsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ScalingDecision>>([]);

    public string? WhyNot(ActionKind kind) => kind is ActionKind.Partition or ActionKind.Heal ? NetworkPartition.WhyNot() : null;

    public async Task<string> ExecuteAsync(FaultAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Kind switch
        {
            ActionKind.Kill => await CommandAsync(action.Target!, ProcessFaultCommands.Kill, cancellationToken,
                action.KeepDownSeconds is { } down ? (ProcessFaultCommands.KeepDownArgument, down.ToString(CultureInfo.InvariantCulture)) : null).ConfigureAwait(false),
            ActionKind.Pause => await CommandAsync(action.Target!, ProcessFaultCommands.Pause, cancellationToken).ConfigureAwait(false),
            ActionKind.Resume => await CommandAsync(action.Target!, ProcessFaultCommands.Resume, cancellationToken).ConfigureAwait(false),
            ActionKind.Partition => await CommandAsync(action.Target!, ProcessFaultCommands.Partition, cancellationToken).ConfigureAwait(false),
            ActionKind.Heal => await CommandAsync(action.Target!, ProcessFaultCommands.Heal, cancellationToken).ConfigureAwait(false),
            // A service's fault switches are commands of its replicas named by the catalogue (the stack's API has them).
            ActionKind.Chaos => await FaultSwitchAsync(action.Target!, ExperimentActions.ChaosRequest(action), cancellationToken).ConfigureAwait(false),
            ActionKind.ChaosReset => await CommandAsync(action.Target!, FaultCatalogue.Reset.CommandName, cancellationToken).ConfigureAwait(false),
            ActionKind.RestartPrometheus => await RestartAsync(Single<IPrometheusResource>("a Prometheus (AddPrometheus)"), cancellationToken).ConfigureAwait(false),
            ActionKind.RestartAlertmanager => await RestartAsync(Single<IAlertmanagerResource>("an Alertmanager (AddAlertmanager)"), cancellationToken).ConfigureAwait(false),
            _ => throw new InvalidOperationException($"no way to carry out {action.Action} here"),
        };
    }

    public Task<IReadOnlyList<ObservedRestart>> RestartsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ObservedRestart>>(_journal.Read<RestartRecord>(MonitoringJournal.RestartsFile)
            .Where(r => r.ExitedAt >= since)
            .Select(r => new ObservedRestart(r.Resource, r.ExitedAt, r.ReadyAt, r.ExitCode,
                $"exited ({r.Reason}), restarted by the AppHost after {r.BackoffSeconds:0.0} s"))
            .ToArray());

    public async Task<IReadOnlyList<AlertNotification>> NotificationsAsync(CancellationToken cancellationToken)
    {
        var receiver = Single<AlertReceiverResource>("an alert receiver (AddAlertReceiver)");
        using var http = _httpClients.CreateClient();
        var received = await http.GetFromJsonAsync<Received[]>(new Uri(receiver.Url, "/notifications"), cancellationToken).ConfigureAwait(false) ?? [];
        // Slack messages that fall back to the receiver carry no structured alerts; the webhook's do.
        return received.SelectMany(n => n.Alerts.Select(a => new AlertNotification(a.AlertName, a.Status, n.ReceivedAt))).ToArray();
    }

    /// <summary>On the fault board: <c>monitoringstack_experiment_running{experiment}</c>, and the experiment label of the faults injected meanwhile.</summary>
    public IDisposable ExperimentRunning(string experiment)
    {
        _faults.ExperimentStarted(experiment);
        return new ExperimentMark(_faults, experiment);
    }

    /// <summary>None: the package's nginx logs to its resource log, not to a file.</summary>
    public virtual IEnumerable<string> LoadBalancerLog(DateTimeOffset since, DateTimeOffset until, int max) => [];

    /// <summary>Runs a resource's command as the dashboard does, with an optional text argument; its message, or an error.</summary>
    protected async Task<string> CommandAsync(string resource, string command, CancellationToken cancellationToken, (string Name, string Value)? argument = null)
    {
        InteractionInput[] inputs = argument is { } a ? [new InteractionInput { Name = a.Name, Label = a.Name, InputType = InputType.Text, Value = a.Value }] : [];
        var result = await _commands.ExecuteCommandAsync(resource, command, new InteractionInputCollection(inputs), cancellationToken).ConfigureAwait(false);
        return result.Success ? result.Message ?? command : throw new InvalidOperationException($"{resource} {command}: {result.Message}");
    }

    /// <summary>The replica's dashboard command of the fault, with the step's parameters as its arguments.</summary>
    private async Task<string> FaultSwitchAsync(string replica, FaultRequest request, CancellationToken cancellationToken)
    {
        InteractionInput[] inputs = [.. request.Arguments.Select(a => new InteractionInput { Name = a.Key, Label = a.Key, InputType = InputType.Number, Value = a.Value })];
        var result = await _commands.ExecuteCommandAsync(replica, request.Fault.CommandName, new InteractionInputCollection(inputs), cancellationToken).ConfigureAwait(false);
        return result.Success ? result.Message ?? request.ToString() : throw new InvalidOperationException($"{replica} {request.Fault.CommandName}: {result.Message}");
    }

    private async Task<string> RestartAsync(IResourceWithEndpoints resource, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        // In force until ready again, or until the wait gives up: nothing would end it later. The fault board
        // shows it to the first scrape after, so a restarted Prometheus records its own restart.
        _faults.Started("restart", resource.Name);
        DateTimeOffset? ready;
        try
        {
            await CommandAsync(resource.Name, KnownResourceCommands.RestartCommand, cancellationToken).ConfigureAwait(false);
            ready = await HttpReadiness.WaitAsync(_httpClients, new Uri(Local(resource), "/-/ready"), ReadyLimit, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _faults.Ended("restart", resource.Name);
        }
        if (ready is { } readyAt)
        {
            var detail = $"{resource.Name} restarted, ready after {(readyAt - started).TotalSeconds:0.0} s";
            _journal.Faulted(new FaultRecord(started, "restart", resource.Name, null, detail));
            return detail;
        }
        DriverLog.NotReady(_logger, resource.Name);
        return $"{resource.Name} restarted but not ready within {ReadyLimit.TotalSeconds:0} s";
    }

    private ReplicaSetResource Set(string name)
    {
        var sets = _model.Resources.OfType<ReplicaSetResource>().ToArray();
        return sets.SingleOrDefault(s => s.Name == name)
            ?? throw new InvalidOperationException($"no replica set '{name}' in this application (replicaSet: in the definition); it has {(sets.Length == 0 ? "none" : string.Join(", ", sets.Select(s => s.Name)))}");
    }

    private T Single<T>(string what) where T : IResource
    {
        var found = _model.Resources.OfType<T>().ToArray();
        return found.Length == 1
            ? found[0]
            : throw new InvalidOperationException($"an experiment needs exactly one {what} in the application, found {found.Length}");
    }

    /// <summary>Every server binds 127.0.0.1 (not localhost, which may resolve to ::1 first).</summary>
    private static Uri Local(IResourceWithEndpoints resource) =>
        new($"http://127.0.0.1:{resource.GetEndpoint(HttpEndpoint).Port.ToString(CultureInfo.InvariantCulture)}");

    private sealed class ExperimentMark(FaultBoard faults, string experiment) : IDisposable
    {
        public void Dispose() => faults.ExperimentEnded(experiment);
    }

    private sealed record Received(DateTimeOffset ReceivedAt, string Path, string Status, IReadOnlyList<ReceivedAlertName> Alerts);

    private sealed record ReceivedAlertName(string AlertName, string Status);
}

internal static partial class DriverLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource} was restarted but did not become ready")]
    public static partial void NotReady(ILogger logger, string resource);
}
