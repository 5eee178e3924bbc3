using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MonitoringStack.Load.Engine;

namespace MonitoringStack.LoadGen.Worker;

/// <summary>
/// The worker's control API: <c>GET /status</c>, <c>POST /rate</c> (JSON <c>{"rate": 250}</c> or
/// <c>?rps=250</c>; <c>{"rate": null}</c> clears; bad input is refused by <see cref="RateRequest"/>) and
/// <c>DELETE /rate</c> (back to the profile's schedule).
/// </summary>
internal static class ControlEndpoints
{
    public static IEndpointRouteBuilder MapLoadGenControl(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/status", (LoadRunner runner, WorkerSettings settings, WorkerStatus status) => Status(runner, settings, status));

        endpoints.MapPost("/rate", async (HttpRequest request, LoadRunner runner, WorkerSettings settings, WorkerStatus status) =>
        {
            var asked = await RateRequest.ReadAsync(request);
            if (asked.IsError)
            {
                // The rate in force is left as it was: a bad request changes nothing.
                return Results.Json(new { error = asked.Error }, statusCode: asked.Status);
            }
            if (asked.Rate is double set)
            {
                runner.Control.SetRate(set);
            }
            else
            {
                runner.Control.ClearRate();
            }
            return Results.Ok(Status(runner, settings, status));
        });

        endpoints.MapDelete("/rate", (LoadRunner runner, WorkerSettings settings, WorkerStatus status) =>
        {
            runner.Control.ClearRate();
            return Results.Ok(Status(runner, settings, status));
        });
        return endpoints;
    }

    private static object Status(LoadRunner runner, WorkerSettings settings, WorkerStatus status) => new
    {
        target = settings.Target.ToString(),
        profile = settings.Profile.Name,
        rateOverride = runner.Control.RateOverride,
        targetRate = runner.Metrics.TargetRate,
        activeVus = runner.Metrics.ActiveUsers,
        progress = status.Progress,
        completedLoops = status.CompletedLoops,
        lastLoop = status.LastLoop,
    };
}
