namespace MonitoringStack.Lab.Supervision;

/// <summary>
/// One automatic restart: when the process died, how, when it was started again and when it was ready.
/// The experiments compute MTTR from these; <see cref="ReadyAt"/> is null when it never got ready.
/// </summary>
public sealed record RestartRecord(
    string Resource,
    int Attempt,
    int? OldPid,
    int? ExitCode,
    DateTimeOffset ExitedAt,
    TimeSpan Delay,
    DateTimeOffset RestartedAt,
    int? NewPid,
    DateTimeOffset? ReadyAt)
{
    /// <summary>Process death to ready again, as the supervisor saw it.</summary>
    public TimeSpan? Downtime => ReadyAt - ExitedAt;
}
