using MonitoringStack.Lab.Supervision;

namespace MonitoringStack.Lab.Stack;

/// <summary>One row of the status table (and of GET /status on the control API).</summary>
public sealed record ResourceStatus(string Name, ResourceState State, int? Pid, int Restarts, string? Url, DateTimeOffset? StartedAt, DateTimeOffset? ReadyAt)
{
    public static ResourceStatus Of(SupervisedProcess process) =>
        new(process.Name, process.State, process.Pid, process.Restarts, process.Spec.Url, process.StartedAt, process.ReadyAt);
}

public sealed record StackStatus(string RunDirectory, int Replicas, IReadOnlyList<ResourceStatus> Resources, IReadOnlyList<string> Notes);

/// <summary>One scaling operation, with the moment the new replica set was live in nginx and Prometheus.</summary>
public sealed record ScalingRecord(DateTimeOffset RequestedAt, int From, int To, DateTimeOffset CompletedAt);
