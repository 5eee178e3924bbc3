using System.Diagnostics;
using MonitoringStack.Load.Thresholds;

namespace MonitoringStack.Load.Engine;

/// <summary>
/// Runs a <see cref="LoadProfile"/> against a target and returns what happened. One runner may run
/// many profiles one after another (the worker loops); <see cref="Control"/> changes the rate of the
/// running phase at any time.
/// </summary>
/// <example>
/// <code>
/// using var runner = new LoadRunner();
/// var result = await runner.RunAsync(LoadProfile.ConstantRate(200, TimeSpan.FromSeconds(10)), new Uri("http://127.0.0.1:5080"));
/// Console.WriteLine(result.Total.Latency.P99Ms);
/// </code>
/// </example>
public sealed class LoadRunner : IDisposable
{
    /// <summary>Longest wait for in-flight requests after the last phase, beyond the request timeout.</summary>
    private static readonly TimeSpan DrainMargin = TimeSpan.FromSeconds(2);

    private readonly bool _ownsMetrics;

    public LoadRunner(LoadGenMetrics? metrics = null, RateControl? control = null)
    {
        _ownsMetrics = metrics is null;
        Metrics = metrics ?? new LoadGenMetrics();
        Control = control ?? new RateControl();
    }

    public RateControl Control { get; }

    public LoadGenMetrics Metrics { get; }

    /// <summary>
    /// Called for every finished or dropped request, on the thread that finished it (keep it cheap and
    /// thread-safe). The experiment runner builds its per-second client view from it.
    /// </summary>
    public Action<RequestObservation>? Observer { get; init; }

    /// <summary>
    /// Runs every phase of <paramref name="profile"/> against <paramref name="target"/>. Cancelling
    /// stops at once (in-flight requests are aborted, not counted as errors) and still returns the
    /// result so far with <see cref="LoadResult.Interrupted"/> set. An unreachable target yields
    /// connection errors, not an exception.
    /// </summary>
    public async Task<LoadResult> RunAsync(LoadProfile profile, Uri target, IProgress<LoadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(target);
        var startedAt = DateTimeOffset.UtcNow;
        var start = Stopwatch.GetTimestamp();
        var timeline = new RunTimeline(start, profile.Duration + profile.RequestTimeout);
        using var context = new RunContext(profile, target, Metrics, timeline, cancellationToken) { Observer = Observer };
        var currentPhase = "";
        using var reporter = progress is null ? null : new Timer(_ =>
        {
            var (sent, completed, errors, dropped) = context.Counts();
            progress.Report(new LoadProgress(Stopwatch.GetElapsedTime(start), Volatile.Read(ref currentPhase),
                Metrics.TargetRate, sent, completed, errors, dropped, context.InFlight));
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        var phases = new List<(LoadPhase Phase, StatsRecorder Recorder, PhaseTiming Timing)>();
        timeline.Restart(Stopwatch.GetTimestamp());
        foreach (var phase in profile.Phases)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            Volatile.Write(ref currentPhase, phase.Name);
            var recorder = context.NewPhase();
            var timing = phase switch
            {
                ArrivalRatePhase open => await OpenModelExecutor.RunAsync(context, open, recorder, Control, cancellationToken),
                VirtualUserPhase closed => await ClosedModelExecutor.RunAsync(context, closed, recorder, cancellationToken),
                _ => throw new NotSupportedException($"phase type {phase.GetType().Name}"),
            };
            phases.Add((phase, recorder, timing));
        }

        Metrics.TargetRate = 0;
        await DrainAsync(context, profile.RequestTimeout + DrainMargin, cancellationToken);
        Metrics.ActiveUsers = 0;
        var duration = Stopwatch.GetElapsedTime(start).TotalSeconds;

        var phaseResults = phases
            .Select(p => p.Recorder.Snapshot(p.Phase.Name, p.Phase is ArrivalRatePhase ? "open" : "closed", p.Timing.Seconds, p.Timing.ScheduledArrivals))
            .ToArray();
        var models = phaseResults.Select(p => p.Model).Distinct().ToArray();
        var openScheduled = phases.Where(p => p.Timing.ScheduledArrivals is not null).Select(p => p.Timing.ScheduledArrivals!.Value).ToArray();
        var totalRecorder = context.CombinedTotal();
        var total = totalRecorder.Snapshot("total", models.Length == 1 ? models[0] : "mixed",
            phases.Sum(p => p.Timing.Seconds), openScheduled.Length == 0 ? null : openScheduled.Sum());
        var result = new LoadResult
        {
            Profile = profile.Name,
            Target = target.ToString(),
            StartedAt = startedAt,
            DurationSeconds = duration,
            Interrupted = cancellationToken.IsCancellationRequested,
            Phases = phaseResults,
            Total = total,
            Endpoints = context.EndpointStats(totalRecorder).Select(e => e.Stats.Snapshot(e.Label, total.Model, total.DurationSeconds)).ToArray(),
            Timeline = timeline.Snapshot(Stopwatch.GetTimestamp()),
        };
        return result with { Thresholds = profile.Thresholds.Select(t => t.Evaluate(result.Total)).ToArray() };
    }

    /// <summary>Waits for the last answers; each request is bounded by its timeout, so this is bounded too.</summary>
    private static async Task DrainAsync(RunContext context, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (context.InFlight > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(5, CancellationToken.None);
            if (cancellationToken.IsCancellationRequested && context.InFlight > 0)
            {
                // Cancelled requests finish almost at once; give them a moment to be counted as aborted.
                await Task.Delay(50, CancellationToken.None);
                break;
            }
        }
    }

    public void Dispose()
    {
        if (_ownsMetrics)
        {
            Metrics.Dispose();
        }
    }
}
