using MonitoringStack.Api.Telemetry;

namespace MonitoringStack.Api.Chaos;

/// <summary>
/// Applies the latency and error faults to application requests. Exempt: the chaos endpoints
/// (an operator must be able to reset), <c>/metrics</c>, <c>/health</c> and <c>/alive</c> (the
/// monitoring must keep seeing the fault), and unmatched paths (they stay 404).
/// </summary>
public sealed class FaultInjectionMiddleware(RequestDelegate next, ChaosFaults faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.GetEndpoint();
        if (endpoint is null
            || endpoint.Metadata.GetMetadata<ChaosEndpointMetadata>() is not null
            || InfrastructurePaths.Contains(context.Request.Path))
        {
            await next(context);
            return;
        }

        if (faults.Settings<LatencyFault>(FaultKind.Latency) is { } latency)
        {
            await Task.Delay(latency.DelayMs, context.RequestAborted)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
        }

#pragma warning disable CA5394 // Sampling an error rate, not security.
        if (faults.Settings<ErrorFault>(FaultKind.Errors) is { } errors && Random.Shared.NextDouble() < errors.Rate)
#pragma warning restore CA5394
        {
            context.SetErrorType(ErrorTypes.Injected);
            await Results.Problem(statusCode: errors.Status, title: "Injected fault",
                detail: "This error was injected by POST /chaos/errors.").ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
