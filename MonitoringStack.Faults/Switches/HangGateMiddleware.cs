using Microsoft.AspNetCore.Http;

namespace MonitoringStack.Faults.Switches;

/// <summary>
/// First in the pipeline: while a hang fault is in force, every request (including /health,
/// /metrics and /chaos) waits, unanswered, until the hang ends — the process looks alive to the
/// kernel (connections are accepted) but dead to every client, like a deadlocked service.
/// </summary>
public sealed class HangGateMiddleware(RequestDelegate next, ChaosFaults faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        while (faults.TryGet(FaultCatalogue.Hang, out var hang))
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(hang.Ended, context.RequestAborted);
            await Task.Delay(Timeout.InfiniteTimeSpan, wait.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
        }
        await next(context);
    }
}
