using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MonitoringStack.Api.Telemetry;

namespace MonitoringStack.Api.Work;

/// <summary><c>POST /process</c>: simulated order processing behind the capacity limit.</summary>
public static partial class ProcessEndpoints
{
    /// <summary>Orders are small; anything bigger is a mistake or an attack (413).</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapProcessEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/process", ProcessAsync)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        return app;
    }

    private static async Task<Results<Ok<OrderResult>, ProblemHttpResult, EmptyHttpResult>> ProcessAsync(
        OrderRequest order,
        HttpContext context,
        WorkLimiter limiter,
        SimulatedWork work,
        ApiMetrics metrics,
        ServiceIdentity identity,
        ILogger<OrderRequest> logger)
    {
        var started = Stopwatch.GetTimestamp();
        using var slot = await limiter.AcquireAsync(context.RequestAborted);
        if (!slot.IsGranted)
        {
            if (slot.ShedReason == ShedReasons.ClientGone)
            {
                return TypedResults.Empty;
            }
            metrics.WorkShed(slot.ShedReason!);
            context.SetErrorType(ErrorTypes.Shed);
            context.Response.Headers.RetryAfter = WorkLimiter.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "At capacity",
                detail: $"This instance is at its processing capacity ({slot.ShedReason}); retry later.");
        }

        await work.RunAsync(context.RequestAborted);

        var category = order.Category!;
        var total = order.Quantity * order.UnitPrice;
        metrics.OrderProcessed(category, (double)total);
        var orderId = order.OrderId ?? Guid.NewGuid().ToString("N");
        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        LogOrderProcessed(logger, orderId, category, total, elapsedMs);
        return TypedResults.Ok(new OrderResult(orderId, category, order.Quantity, total, identity.InstanceId, elapsedMs));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Order {OrderId} ({Category}, {Total}) processed in {ElapsedMs:F1} ms")]
    private static partial void LogOrderProcessed(ILogger logger, string orderId, string category, decimal total, double elapsedMs);
}
