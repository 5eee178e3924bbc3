using System.Diagnostics;

namespace MonitoringStack.Load.Engine;

/// <summary>
/// Runs an arrival-rate phase on a dedicated scheduler thread, so a busy thread pool cannot slow
/// the schedule down: each arrival is dispatched at its due time (or late, with the lateness counted
/// in its latency) and never skipped silently.
/// </summary>
internal static class OpenModelExecutor
{
    /// <summary>Longest sleep before re-reading the rate control, so POST /rate takes effect within this.</summary>
    private const double MaxSleepSeconds = 0.05;

    public static Task<PhaseTiming> RunAsync(RunContext context, ArrivalRatePhase phase, StatsRecorder recorder,
        RateControl control, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<PhaseTiming>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                completion.SetResult(Schedule(context, phase, recorder, control, cancellationToken));
            }
#pragma warning disable CA1031 // The exception is handed to the awaiting caller.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                completion.SetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = $"loadgen-scheduler-{phase.Name}",
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
        return completion.Task;
    }

    private static PhaseTiming Schedule(RunContext context, ArrivalRatePhase phase, StatsRecorder recorder,
        RateControl control, CancellationToken cancellationToken)
    {
        context.UseOpenModel(true);
        var schedule = new ArrivalSchedule(phase);
        var length = schedule.Duration;
        double frequency = Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        long profileIndex = 0, overrideIndex = 0, slots = 0, seenVersion = -1;
        double overrideRate = 0, overrideOrigin = 0;
        var overriding = false;

        while (!cancellationToken.IsCancellationRequested)
        {
            var now = (Stopwatch.GetTimestamp() - start) / frequency;
            var version = control.Version;
            if (version != seenVersion)
            {
                seenVersion = version;
                var forced = control.RateOverride;
                if (forced is double rate)
                {
                    // A new constant schedule starting now; earlier arrivals are not made up for.
                    (overriding, overrideRate, overrideOrigin, overrideIndex) = (true, rate, now, 0);
                }
                else if (overriding)
                {
                    overriding = false;
                    profileIndex = schedule.FirstIndexAtOrAfter(now);
                }
            }

            var targetRate = overriding ? overrideRate : schedule.RateAt(now);
            context.Metrics.TargetRate = targetRate;
            context.Timeline.TargetRate(Stopwatch.GetTimestamp(), targetRate);

            var due = overriding
                ? (overrideRate > 0 ? overrideOrigin + (overrideIndex + 0.5) / overrideRate : double.PositiveInfinity)
                : schedule.TimeOf(profileIndex);
            if (due >= length)
            {
                if (now >= length)
                {
                    break;
                }
                Sleep(length - now, cancellationToken);
                continue;
            }
            if (due > now)
            {
                Sleep(due - now, cancellationToken);
                continue;
            }

            context.Dispatch(start + (long)(due * frequency), recorder);
            slots++;
            if (overriding)
            {
                overrideIndex++;
            }
            else
            {
                profileIndex++;
            }
        }

        var elapsed = Math.Min(length, (Stopwatch.GetTimestamp() - start) / frequency);
        return new PhaseTiming(elapsed, slots);
    }

    /// <summary>Sleeps at least a millisecond (no busy-waiting on a shared machine); wakes early on cancellation.</summary>
    private static void Sleep(double seconds, CancellationToken cancellationToken)
    {
        var milliseconds = (int)Math.Clamp(seconds * 1000, 1, MaxSleepSeconds * 1000);
        cancellationToken.WaitHandle.WaitOne(milliseconds);
    }
}

/// <summary>How long a phase really ran and, for the open model, how many arrivals it scheduled.</summary>
internal readonly record struct PhaseTiming(double Seconds, long? ScheduledArrivals);
