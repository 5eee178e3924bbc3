namespace MonitoringStack.Load.Engine;

/// <summary>One stretch of a profile. Open model (<see cref="ArrivalRatePhase"/>) or closed model (<see cref="VirtualUserPhase"/>).</summary>
public abstract record LoadPhase(string Name)
{
    public abstract TimeSpan Duration { get; }

    /// <summary>Open model, constant arrival rate (k6 constant-arrival-rate, wrk2 -R).</summary>
    public static ArrivalRatePhase Constant(string name, double requestsPerSecond, TimeSpan duration) =>
        new(name, requestsPerSecond, [new RateStage(requestsPerSecond, duration)]);

    /// <summary>Open model, rate moving linearly from stage to stage (k6 ramping-arrival-rate).</summary>
    public static ArrivalRatePhase Ramping(string name, double startRate, params RateStage[] stages) =>
        new(name, startRate, stages);

    /// <summary>Closed model: a fixed number of users, each sending, waiting for the answer, then thinking.</summary>
    public static VirtualUserPhase VirtualUsers(string name, int users, TimeSpan duration, ThinkTime? thinkTime = null) =>
        new(name, users, duration, thinkTime ?? ThinkTime.None);
}

/// <summary>Open model: requests arrive on a schedule whether or not earlier ones have finished.</summary>
public sealed record ArrivalRatePhase(string Name, double StartRate, IReadOnlyList<RateStage> Stages) : LoadPhase(Name)
{
    public override TimeSpan Duration => Stages.Aggregate(TimeSpan.Zero, (sum, stage) => sum + stage.Duration);

    /// <summary>Requests the schedule asks for over the whole phase.</summary>
    public double ScheduledRequests => new ArrivalSchedule(this).TotalArrivals;
}

/// <summary>The rate moves linearly to <paramref name="TargetRate"/> (requests/s) over <paramref name="Duration"/>.</summary>
public sealed record RateStage(double TargetRate, TimeSpan Duration);

/// <summary>Closed model: <paramref name="Users"/> loops of send → wait for answer → think.</summary>
public sealed record VirtualUserPhase(string Name, int Users, TimeSpan PhaseDuration, ThinkTime ThinkTime) : LoadPhase(Name)
{
    public override TimeSpan Duration => PhaseDuration;
}

/// <summary>Pause between a user's requests, uniformly drawn from [<paramref name="Min"/>, <paramref name="Max"/>].</summary>
public sealed record ThinkTime(TimeSpan Min, TimeSpan Max)
{
    public static readonly ThinkTime None = new(TimeSpan.Zero, TimeSpan.Zero);

    public TimeSpan Next() => Max <= Min
        ? Min
        : Min + TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * (Max - Min).Ticks));
}
