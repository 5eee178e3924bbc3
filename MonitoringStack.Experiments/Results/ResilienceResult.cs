using MonitoringStack.Experiments.Analysis;

namespace MonitoringStack.Experiments.Results;

/// <summary>What one fault experiment measured and whether its hypothesis held.</summary>
public sealed record ResilienceResult
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string Fault { get; init; }
    public string? Target { get; init; }
    public required SteadyStateHypothesis Hypothesis { get; init; }
    public required double FaultStartSecond { get; init; }
    public required double FaultEndSecond { get; init; }
    public required double DurationSeconds { get; init; }
    public double? AvailabilityDuringFault { get; init; }
    public double? AvailabilityOverall { get; init; }
    /// <summary>p99 of the requests intended during the fault window, from the intended send time.</summary>
    public double? P99DuringFaultMs { get; init; }
    public double? ErrorBudgetSpent { get; init; }
    public double SloTarget { get; init; } = 0.999;
    public required RecoveryResult Recovery { get; init; }
    /// <summary>Client-side against server-side errors during the fault (schema 3); null for a skipped experiment.</summary>
    public ErrorRateComparison? ErrorRates { get; init; }
    /// <summary>Per-method availability the hypothesis also requires during the fault, e.g. GET 0.99 (schema 3).</summary>
    public IReadOnlyDictionary<string, double> MinAvailabilityByMethod { get; init; } = new Dictionary<string, double>();
    public IReadOnlyList<DetectionResult> Detection { get; init; } = [];
    public IReadOnlyList<string> AlertsExpected { get; init; } = [];
    public IReadOnlyList<string> AlertsFired { get; init; } = [];
    public IReadOnlyList<string> AlertsMissing { get; init; } = [];
    public IReadOnlyList<string> AlertsUnexpected { get; init; } = [];
    public IReadOnlyList<RestartRecord> Restarts { get; init; } = [];
    public IReadOnlyList<string> LogLines { get; init; } = [];
    public required ExperimentTimeline Timeline { get; init; }
    /// <summary>Why the hypothesis failed, in plain words; empty when it held.</summary>
    public IReadOnlyList<string> Violations { get; init; } = [];
    /// <summary>Why the experiment could not run here (e.g. a network partition without root); null when it ran.</summary>
    public string? Skipped { get; init; }
    public bool HypothesisHeld => Violations.Count == 0;
    /// <summary>0–100 from availability, detection and recovery (schema 5; computed, so a schema-4 file read back has it too).</summary>
    public ResilienceScore? Score => ResilienceScore.Of(this);
}

public sealed record RestartRecord(string Resource, double AtSecond, string Reason);

/// <summary>The time series an experiment's charts draw, on one time axis (seconds from start).</summary>
public sealed record ExperimentTimeline
{
    public required IReadOnlyList<ClientSecond> Client { get; init; }
    public IReadOnlyList<NamedSeries> CpuByInstance { get; init; } = [];
    public IReadOnlyList<NamedSeries> MemoryMbByInstance { get; init; } = [];
    public IReadOnlyList<AlertMark> Alerts { get; init; } = [];
}

public sealed record AlertMark(string AlertName, double Second, string Kind);
