using Microsoft.AspNetCore.Diagnostics;
using MonitoringStack.Faults.Switches;

namespace MonitoringStack.Api.Telemetry;

/// <summary>
/// The bounded set of <c>error_type</c> values on <c>monitoringstack_requests_failed_total</c>.
/// The component that produces a 5xx names its cause here; the failed-requests middleware reads it.
/// </summary>
public static class ErrorTypes
{
    /// <summary>Fault injected by <c>POST /chaos/errors</c> (the switch marks the request: <see cref="InjectedErrors"/>).</summary>
    public const string Injected = "injected";

    /// <summary>Work rejected with 503 because the instance was at capacity.</summary>
    public const string Shed = "shed";

    /// <summary>An unhandled exception turned into a 500.</summary>
    public const string Exception = "exception";

    /// <summary>Any other 5xx answer.</summary>
    public const string ServerError = "server_error";

    private const string ItemKey = "MonitoringStack.ErrorType";

    /// <summary>Names the cause of the 5xx this request is about to get.</summary>
    public static void SetErrorType(this HttpContext context, string errorType)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[ItemKey] = errorType;
    }

    /// <summary>The cause of a 5xx answer, from what the pipeline recorded.</summary>
    public static string GetErrorType(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsInjectedError())
        {
            return Injected;
        }
        if (context.Items.TryGetValue(ItemKey, out var value) && value is string errorType)
        {
            return errorType;
        }
        return context.Features.Get<IExceptionHandlerFeature>() is not null ? Exception : ServerError;
    }
}
