using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace OrderService;

/// <summary>What a ServiceDefaults project gives a service: OpenTelemetry metrics, scraped at /metrics, and a health check.</summary>
public static class Telemetry
{
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(Orders.MeterName)
                .AddPrometheusExporter());
        builder.Services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint();
        app.MapHealthChecks("/health");
        return app;
    }
}
