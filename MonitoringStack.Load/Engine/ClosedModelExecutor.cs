using System.Diagnostics;

namespace MonitoringStack.Load.Engine;

/// <summary>
/// Runs a virtual-user phase: each user sends, waits for the answer, thinks, and repeats until the
/// phase ends. Latency runs from the start of each iteration; in a closed model a slow target slows
/// the senders down (coordinated omission is inherent to the model, use an arrival-rate phase to avoid it).
/// </summary>
internal static class ClosedModelExecutor
{
    public static async Task<PhaseTiming> RunAsync(RunContext context, VirtualUserPhase phase, StatsRecorder recorder,
        CancellationToken cancellationToken)
    {
        context.UseOpenModel(false);
        context.Metrics.TargetRate = 0;
        context.Metrics.ActiveUsers = phase.Users;
        var start = Stopwatch.GetTimestamp();
        using var phaseEnd = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        phaseEnd.CancelAfter(phase.Duration);
        var users = Enumerable.Range(0, phase.Users)
            .Select(_ => Task.Run(() => UserLoopAsync(context, phase, recorder, phaseEnd.Token), CancellationToken.None))
            .ToArray();
        await Task.WhenAll(users);
        context.Metrics.ActiveUsers = 0;
        return new PhaseTiming(Stopwatch.GetElapsedTime(start).TotalSeconds, null);
    }

    private static async Task UserLoopAsync(RunContext context, VirtualUserPhase phase, StatsRecorder recorder, CancellationToken phaseEnd)
    {
        while (!phaseEnd.IsCancellationRequested)
        {
            if (!context.TryEnter())
            {
                // More users than the in-flight limit: wait for a slot like a user at a full door.
                await Task.Delay(1, CancellationToken.None);
                continue;
            }
            await context.SendAsync(context.Mix.Pick(), Stopwatch.GetTimestamp(), recorder);
            var think = phase.ThinkTime.Next();
            if (think > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(think, phaseEnd);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
