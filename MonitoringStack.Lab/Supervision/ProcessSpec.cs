namespace MonitoringStack.Lab.Supervision;

/// <summary>Everything needed to start, probe, restart and stop one resource of the stack.</summary>
public sealed record ProcessSpec
{
    /// <summary>Resource name shown everywhere (<c>api-0</c>, <c>prometheus</c>, …).</summary>
    public required string Name { get; init; }
    public required string FileName { get; init; }
    public IReadOnlyList<string> Arguments { get; init; } = [];
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public string? WorkingDirectory { get; init; }
    /// <summary>Where stdout and stderr go (appended, so restarts keep the history).</summary>
    public required string LogFile { get; init; }
    public ReadinessProbe? Readiness { get; init; }
    public RestartPolicy Restart { get; init; } = RestartPolicy.Default;
    /// <summary>URL shown in the status table.</summary>
    public string? Url { get; init; }
    /// <summary>The polite stop signal (nginx wants SIGQUIT for a graceful stop).</summary>
    public int StopSignal { get; init; } = Posix.SIGTERM;
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
