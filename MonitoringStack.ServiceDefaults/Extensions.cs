using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Service defaults in the Aspire template's shape: OpenTelemetry (metrics, traces, logs), the
/// Prometheus scraping endpoint and health endpoints.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string MetricsEndpointPath = "/metrics";

    /// <summary>
    /// Configuration key that turns all instrumentation off (the benchmark compares the same build
    /// with it on and off). Environment variable form: <c>Telemetry__Enabled=false</c>.
    /// </summary>
    public const string TelemetryEnabledKey = "Telemetry:Enabled";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        // No HttpClient resilience or service discovery, which the Aspire template adds: neither the API nor the
        // load generator calls another service through IHttpClientFactory, and the API's Native AOT binary
        // would carry Polly and the resolver for nothing (docs/benchmarks.md, "Replica builds").
        return builder;
    }

    public static bool IsTelemetryEnabled(this IConfiguration configuration) =>
        configuration.GetValue(TelemetryEnabledKey, defaultValue: true);

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // The identity is needed with telemetry off too (the API reports it on GET /).
        var identity = ServiceIdentity.From(builder.Configuration, builder.Environment);
        builder.Services.TryAddSingleton(identity);

        if (!builder.Configuration.IsTelemetryEnabled())
        {
            return builder;
        }

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(
                serviceName: identity.ServiceName,
                serviceVersion: identity.ServiceVersion,
                serviceInstanceId: identity.InstanceId,
                autoGenerateServiceInstanceId: false))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    // .NET 9+ runtime metrics (dotnet_process_*, dotnet_gc_*, dotnet_thread_pool_*).
                    .AddMeter("System.Runtime")
                    .AddMeter("Microsoft.AspNetCore.Server.Kestrel")
                    .AddMeter(TelemetryMeters.Names.ToArray())
                    .AddPromtoolCleanNames()
                    .AddPrometheusExporter();
            });

        // Traces and OTel log records only when someone receives them (OTLP: the Aspire dashboard or
        // a collector sets OTEL_EXPORTER_OTLP_ENDPOINT). Without a receiver they would be built per
        // request for nobody — a measurable share of a small request's cost (docs/benchmarks.md).
        // The console log keeps the trace id either way: ASP.NET Core starts the request Activity
        // for its logging scope whether or not a tracer listens.
        if (HasOtlpEndpoint(builder.Configuration))
        {
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeFormattedMessage = true;
                logging.IncludeScopes = true;
            });
            otel.WithTracing(tracing =>
                {
                    tracing.AddSource(builder.Environment.ApplicationName)
                        .AddAspNetCoreInstrumentation(options =>
                            // Scrapes and probes are not user traffic: keep them out of traces.
                            options.Filter = context => !IsInfrastructurePath(context.Request.Path))
                        .AddHttpClientInstrumentation();
                })
                .UseOtlpExporter();
        }
        return builder;
    }

    private static bool HasOtlpEndpoint(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    private static bool IsInfrastructurePath(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments(HealthEndpointPath)
        || path.StartsWithSegments(AlivenessEndpointPath)
        || path.StartsWithSegments(MetricsEndpointPath);

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        if (app.Configuration.IsTelemetryEnabled())
        {
            app.MapPrometheusScrapingEndpoint(MetricsEndpointPath);
        }

        // Readiness: every check must pass. Liveness: only checks tagged "live".
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains("live"),
        });
        return app;
    }
}
