using System.Text.Json;
using MonitoringStack.AppHost.Autoscaling;
using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Hosting.Experiments;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost.Experiments;

/// <summary>
/// The experiments' view of this stack: the hosting package's driver (replica sets, fault and fault-switch
/// commands, infrastructure restarts, the journal, the alert receiver) with what only this stack has: the
/// autoscaler, switched through the stack's autoscaler-on/off commands and read from its journal, and
/// nginx's error log, which the stack's rendered nginx configuration writes to a file.
/// </summary>
/// <param name="autoscaler">Absent in publish mode, where the cluster's HPA scales and no experiment runs.</param>
public sealed class AspireStackDriver(
    IServiceProvider services,
    RenderedConfig config,
    MonitoringJournal journal,
    AutoscalerSwitch? autoscaler = null) : AspireExperimentDriver(services)
{
    /// <summary>A tick that is scaling up may wait for several replicas to start (up to a minute each, on a starved machine).</summary>
    private static readonly TimeSpan AutoscalerSwitchLimit = TimeSpan.FromMinutes(3);

    public override async Task SetAutoscalingAsync(bool enabled, CancellationToken cancellationToken)
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

    public override Task<IReadOnlyList<ScalingDecision>> AutoscalerDecisionsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        // autoscaling.jsonl is in the same folder and format as the package's journals.
        Task.FromResult<IReadOnlyList<ScalingDecision>>(journal.Read<AutoscalerDecision>(AutoscalerJournal.File)
            .Where(d => d.At >= since)
            .Select(d => new ScalingDecision(d.At, JsonNamingPolicy.CamelCase.ConvertName(d.Action.ToString()), d.Current, d.To,
                d.Average, d.Target, d.Reason, d.Outcome))
            .ToArray());

    public override IEnumerable<string> LoadBalancerLog(DateTimeOffset since, DateTimeOffset until, int max) =>
        NginxErrorLog.UpstreamLines(Path.Combine(config.NginxPrefixDirectory, "logs", "error.log"), since, until, max);
}
