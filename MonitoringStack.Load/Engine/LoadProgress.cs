namespace MonitoringStack.Load.Engine;

/// <summary>A once-a-second view of a running load test (for progress lines and the worker's /status).</summary>
public sealed record LoadProgress(
    TimeSpan Elapsed,
    string Phase,
    double TargetRate,
    long Sent,
    long Completed,
    long Errors,
    long Dropped,
    int InFlight);
