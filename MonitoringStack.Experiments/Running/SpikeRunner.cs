using System.Diagnostics;
using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Experiments.Observation;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Experiments.Running;

/// <summary>
/// Runs the spike experiment: the same phased open-model load once per variant (autoscaler off with
/// fixed replicas, then on), each from the definition's replica count, recording what the clients saw
/// per second and what the orchestrator did (replica changes, the autoscaler's decisions); then the
/// variants side by side (<see cref="SpikeAnalyzer"/>). Afterwards, even after a failure, the autoscaler
/// is off and the replica count is what it was before.
/// </summary>
public sealed class SpikeRunner(IStackDriver stack, Action<string> log)
{
    /// <summary>How often the run's log says what the orchestrator did while the load runs.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);
    /// <summary>Switching off waits for a scale in progress; scaling back may start several replicas.</summary>
    private static readonly TimeSpan RollbackLimit = TimeSpan.FromMinutes(4);

    public async Task<SpikeResult> RunAsync(ExperimentDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var plan = definition.ToSpikePlan();
        using var prometheusHttp = new HttpClient { BaseAddress = new Uri(stack.Prometheus.ToString().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(10) };
        var prometheus = new PrometheusClient(prometheusHttp);
        var replicasBefore = stack.RunningReplicas(definition.ReplicaSet);
        var measured = new List<VariantMeasurement>();
        try
        {
            foreach (var variant in definition.Variants)
            {
                measured.Add(await RunVariantAsync(definition, plan, variant, prometheus, cancellationToken));
            }
        }
        finally
        {
            await RollbackAsync(definition.Name, definition.ReplicaSet, replicasBefore, cancellationToken);
        }
        return SpikeAnalyzer.Analyze(plan, measured);
    }

    private async Task<VariantMeasurement> RunVariantAsync(ExperimentDefinition definition, SpikePlan plan, VariantDefinition variant,
        PrometheusClient prometheus, CancellationToken cancellationToken)
    {
        var name = $"{definition.Name} [{variant.Name}]";
        // Every variant starts from the same state. The count is set with the autoscaler off, so it cannot move it meanwhile.
        await stack.SetAutoscalingAsync(false, cancellationToken);
        await StackReadiness.EnsureReplicasAsync(stack, prometheus, definition.ReplicaSet, definition.Replicas, log, cancellationToken);
        if (variant.Autoscaling)
        {
            await stack.SetAutoscalingAsync(true, cancellationToken);
        }
        var initial = stack.RunningReplicas(definition.ReplicaSet);
        log($"{name}: autoscaler {(variant.Autoscaling ? "on" : "off")}, {initial} replica(s); {LoadText.Describe(definition.Load)} through nginx (spike +{plan.SpikeStartSecond}–+{plan.SpikeEndSecond} s)");

        using var clients = new MethodSplitLoad();
        var origin = DateTimeOffset.UtcNow;
        var load = clients.StartAsync(name, definition.Load, stack.Entry, Stopwatch.GetTimestamp(), cancellationToken);
        await ReportChangesAsync(name, definition.ReplicaSet, origin, load, cancellationToken);
        await load;

        var changes = await stack.ReplicaChangesAsync(definition.ReplicaSet, origin, cancellationToken);
        var decisions = await stack.AutoscalerDecisionsAsync(origin, cancellationToken);
        return new VariantMeasurement(variant.Name, variant.Autoscaling, origin, initial,
            clients.All.Snapshot(), clients.All.P99Ms(plan.SpikeStartSecond, plan.SpikeEndSecond), changes, decisions);
    }

    /// <summary>Says each replica change as it happens, so a run of minutes is not silent.</summary>
    private async Task ReportChangesAsync(string name, string replicaSet, DateTimeOffset origin, Task load, CancellationToken cancellationToken)
    {
        var said = 0;
        while (!load.IsCompleted)
        {
            await Task.WhenAny(load, Task.Delay(ProgressInterval, cancellationToken));
            var changes = await stack.ReplicaChangesAsync(replicaSet, origin, cancellationToken);
            foreach (var change in changes.Skip(said))
            {
                log($"{name}: +{(change.RequestedAt - origin).TotalSeconds:0.0} s replicas {change.From} → {change.To} (complete after {(change.CompletedAt - change.RequestedAt).TotalSeconds:0.0} s)");
            }
            said = changes.Count;
        }
    }

    /// <summary>
    /// Autoscaler off and the replica count back, whatever happened before. Not when the run was interrupted:
    /// the AppHost is stopping then, autoscaler and replicas with it.
    /// </summary>
    private async Task RollbackAsync(string name, string replicaSet, int replicas, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        try
        {
            using var limit = new CancellationTokenSource(RollbackLimit);
            await stack.SetAutoscalingAsync(false, limit.Token);
            if (stack.RunningReplicas(replicaSet) != replicas)
            {
                await stack.ScaleAsync(replicaSet, replicas, limit.Token);
            }
            log($"{name}: rollback: autoscaler off, {replicas} replica(s)");
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or OperationCanceledException or HttpRequestException or ArgumentOutOfRangeException)
        {
            log($"{name}: rollback failed: {ex.Message}");
        }
    }
}
