namespace MonitoringStack.Load.Engine;

/// <summary>
/// What to send and when: a weighted request mix, phases run one after another, and the thresholds
/// that decide the exit code. Built in code or read from a YAML/JSON file by the load generator's
/// <c>ProfileLoader</c> (MonitoringStack.LoadGen).
/// </summary>
public sealed record LoadProfile
{
    public const int DefaultMaxInFlight = 1000;
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(10);

    public required string Name { get; init; }
    public required IReadOnlyList<RequestSpec> Mix { get; init; }
    public required IReadOnlyList<LoadPhase> Phases { get; init; }
    public IReadOnlyList<Thresholds.Threshold> Thresholds { get; init; } = [];

    /// <summary>A request slower than this counts as a <c>timeout</c> error.</summary>
    public TimeSpan RequestTimeout { get; init; } = DefaultRequestTimeout;

    /// <summary>
    /// Open model only: requests allowed in flight at once. An arrival that finds this many in
    /// flight is counted as a dropped iteration instead of being sent late.
    /// </summary>
    public int MaxInFlight { get; init; } = DefaultMaxInFlight;

    /// <summary>TCP connections to the target; defaults to <see cref="MaxInFlight"/> so the pool never queues.</summary>
    public int? MaxConnections { get; init; }

    public TimeSpan Duration => Phases.Aggregate(TimeSpan.Zero, (sum, phase) => sum + phase.Duration);

    /// <summary>The simplest useful profile: one endpoint at a constant arrival rate.</summary>
    public static LoadProfile ConstantRate(double requestsPerSecond, TimeSpan duration, string path = "/") => new()
    {
        Name = $"constant-{requestsPerSecond}rps",
        Mix = [new RequestSpec("GET", path)],
        Phases = [LoadPhase.Constant("constant", requestsPerSecond, duration)],
    };

    /// <summary>Closed model: <paramref name="users"/> virtual users without think time (what wrk -c does).</summary>
    public static LoadProfile VirtualUsers(int users, TimeSpan duration, string path = "/") => new()
    {
        Name = $"{users}-vus",
        Mix = [new RequestSpec("GET", path)],
        Phases = [LoadPhase.VirtualUsers("users", users, duration)],
    };
}
