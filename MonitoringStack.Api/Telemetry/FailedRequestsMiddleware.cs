using Microsoft.AspNetCore.Routing;

namespace MonitoringStack.Api.Telemetry;

/// <summary>
/// Counts 5xx answers in <c>monitoringstack_requests_failed_total{http_route,error_type}</c>.
/// </summary>
/// <remarks>
/// Runs after routing and before the exception handler: the endpoint is read before the handler
/// clears it, and the status seen on the way out is the final one (after exceptions become 500s).
/// The label is the route template (<c>/data/{id}</c>), so fuzzed ids and paths never add series.
/// </remarks>
public sealed class FailedRequestsMiddleware(RequestDelegate next, ApiMetrics metrics)
{
    /// <summary>Route label of requests that matched no endpoint.</summary>
    public const string UnmatchedRoute = "unmatched";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? UnmatchedRoute;
        try
        {
            await next(context);
        }
        finally
        {
            if (context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
            {
                metrics.RequestFailed(route, context.GetErrorType());
            }
        }
    }
}
