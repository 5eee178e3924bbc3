using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Definitions;

namespace MonitoringStack.Experiments.Running;

/// <summary>A replica (or infrastructure process) the orchestrator started again after it exited.</summary>
public sealed record ObservedRestart(string Resource, DateTimeOffset ExitedAt, DateTimeOffset? ReadyAt, int? ExitCode, string Reason);

/// <summary>
/// What an experiment needs from the orchestrator that runs the stack, and nothing more: where to send
/// load and queries, how to change a replica set's size, switch an autoscaler and inject a fault, and what
/// it saw happen (restarts, replica changes, the autoscaler's decisions, alert notifications, the load
/// balancer's log). Replica sets and their members are named as the definition names them
/// (<see cref="ExperimentDefinition.ReplicaSet"/>, <c>&lt;set&gt;-&lt;i&gt;</c>). MonitoringStack.Hosting.Experiments
/// implements it over any Aspire app built with MonitoringStack.Hosting; a cluster implementation could
/// drive the same definitions.
/// </summary>
public interface IStackDriver
{
    /// <summary>The public entry point (nginx) that load goes through.</summary>
    Uri Entry { get; }

    Uri Prometheus { get; }

    Uri Alertmanager { get; }

    /// <summary>Replicas of <paramref name="replicaSet"/> running now.</summary>
    /// <exception cref="InvalidOperationException">No replica set of that name.</exception>
    int RunningReplicas(string replicaSet);

    /// <summary>Sets the number of running replicas of a set; returns when the change is complete (new ones serving, old ones drained).</summary>
    Task ScaleAsync(string replicaSet, int replicas, CancellationToken cancellationToken);

    /// <summary>
    /// Switches the stack's autoscaler on or off; returns once it acts accordingly: switched off, no
    /// decision it made before is still being carried out, so a scale after this is not undone by one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stack has no autoscaler.</exception>
    Task SetAutoscalingAsync(bool enabled, CancellationToken cancellationToken);

    /// <summary>Changes of a set's replica count asked for since <paramref name="since"/>, oldest first (by anyone: a person, an experiment, the autoscaler).</summary>
    Task<IReadOnlyList<ReplicaChange>> ReplicaChangesAsync(string replicaSet, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>The autoscaler's decisions since <paramref name="since"/>, oldest first, with what it read and why it acted (none without an autoscaler).</summary>
    Task<IReadOnlyList<ScalingDecision>> AutoscalerDecisionsAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Why an action cannot be carried out here (a partition without root), or null when it can.</summary>
    string? WhyNot(ActionKind kind);

    /// <summary>Carries out one step of an experiment; returns what was done, for the log.</summary>
    Task<string> ExecuteAsync(FaultAction action, CancellationToken cancellationToken);

    /// <summary>Restarts the orchestrator made since <paramref name="since"/>.</summary>
    Task<IReadOnlyList<ObservedRestart>> RestartsAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Every alert notification the stack's receiver got, with its arrival time, oldest first.</summary>
    Task<IReadOnlyList<AlertNotification>> NotificationsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Marks <paramref name="experiment"/> as running until the result is disposed, so the stack can show it (the
    /// dashboards annotate it, and the faults injected meanwhile carry its name).
    /// </summary>
    IDisposable ExperimentRunning(string experiment);

    /// <summary>The load balancer's log lines about upstream failures between two times (at most <paramref name="max"/>; none where it has no log to read).</summary>
    IEnumerable<string> LoadBalancerLog(DateTimeOffset since, DateTimeOffset until, int max);
}
