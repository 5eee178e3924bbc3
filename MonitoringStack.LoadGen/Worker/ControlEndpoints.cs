using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MonitoringStack.LoadGen.Engine;

namespace MonitoringStack.LoadGen.Worker;

/// <summary>
/// The worker's control API: <c>GET /status</c>, <c>POST /rate</c> (JSON <c>{"rate": 250}</c> or
/// <c>?rps=250</c>; <c>{"rate": null}</c> clears) and <c>DELETE /rate</c> (back to the profile's schedule).
/// </summary>
internal static class ControlEndpoints
{
    public sealed record RateRequest(double? Rate);

    public static IEndpointRouteBuilder MapLoadGenControl(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/status", (LoadRunner runner, WorkerSettings settings, WorkerStatus status) => Status(runner, settings, status));

        endpoints.MapPost("/rate", async (HttpRequest request, LoadRunner runner, WorkerSettings settings, WorkerStatus status) =>
        {
            double? rate;
            if (request.Query.TryGetValue("rps", out var query))
            {
                if (!double.TryParse(query, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    return Results.BadRequest(new { error = $"rps '{query}' is not a number" });
                }
                rate = parsed;
            }
            else
            {
                try
                {
                    rate = (await request.ReadFromJsonAsync<RateRequest>())?.Rate;
                }
                catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
                {
                    return Results.BadRequest(new { error = "send JSON {\"rate\": 250} (requests/s) or ?rps=250" });
                }
            }
            if (rate is double value && (!double.IsFinite(value) || value < 0))
            {
                return Results.BadRequest(new { error = "rate must be a number >= 0" });
            }
            if (rate is double set)
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
