using Microsoft.AspNetCore.Http;

namespace MonitoringStack.Faults.Switches;

/// <summary>
/// Applies the latency and error faults to application requests. Exempt: the chaos endpoints
/// (an operator must be able to reset), the paths the host spares (the API: <c>/metrics</c>,
/// <c>/health</c> and <c>/alive</c>, so the monitoring keeps seeing the fault), and unmatched paths
/// (they stay 404).
/// </summary>
public sealed class FaultInjectionMiddleware(RequestDelegate next, ChaosFaults faults, FaultSwitchesSetup setup)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        if (endpoint is null
            || endpoint.Metadata.GetMetadata<ChaosEndpointMetadata>() is not null
            || setup.Spared(context.Request.Path))
        {
            await next(context);
            return;
        }

        if (faults.Settings(FaultCatalogue.Latency) is { } latency)
        {
            await Task.Delay(latency.DelayMs, context.RequestAborted)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
        }

#pragma warning disable CA5394 // Sampling an error rate, not security.
        if (faults.Settings(FaultCatalogue.Errors) is { } errors && Random.Shared.NextDouble() < errors.Rate)
#pragma warning restore CA5394
        {
            InjectedErrors.Mark(context);
            await Results.Problem(statusCode: errors.Status, title: "Injected fault",
                detail: $"This error was injected by POST {FaultCatalogue.Errors.Path}.").ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}

/// <summary>Tells a host's error accounting which 5xx answers the error switch injected.</summary>
public static class InjectedErrors
{
    private static readonly object Key = new();

    /// <summary>True when this request's error answer was injected by the error switch.</summary>
    public static bool IsInjectedError(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.ContainsKey(Key);
    }

    internal static void Mark(HttpContext context) => context.Items[Key] = true;
}
