using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using MonitoringStack.Api;
using MonitoringStack.Api.Catalogue;
using MonitoringStack.Api.Chaos;
using MonitoringStack.Api.Errors;
using MonitoringStack.Api.Telemetry;
using MonitoringStack.Api.Work;
using MonitoringStack.Faults.Switches;

// The slim builder (the Native AOT template's): no HTTPS, IIS or hosting-startup code in the binary.
var builder = WebApplication.CreateSlimBuilder(args);
// The slim builder forces the simple console format; appsettings.json's Logging:Console (JSON lines) decides again.
builder.Services.Configure<ConsoleLoggerOptions>(builder.Configuration.GetSection("Logging:Console"));
builder.AddServiceDefaults();
// No endpoint takes more than a small JSON document: anything bigger is answered 413 before it
// is read (POST /process also carries the limit as endpoint metadata).
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = ProcessEndpoints.MaxBodyBytes);

builder.Services.AddOptions<WorkOptions>().BindConfiguration(WorkOptions.Section).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<WorkOptions>, WorkOptionsValidator>();
builder.Services.AddOptions<ResourceOptions>().BindConfiguration(ResourceOptions.Section).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<ResourceOptions>, ResourceOptionsValidator>();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ApiMetrics>();
builder.Services.AddSingleton<ProcessMetrics>();
builder.Services.AddSingleton<ProductCatalogue>();
builder.Services.AddSingleton<WorkLimiter>();
builder.Services.AddSingleton<SimulatedWork>();
// The fault switches (Chaos:Enabled, off by default); their gauge is on the API's meter.
builder.AddFaultSwitches(TelemetryMeters.Api, InfrastructurePaths.Contains);

// Bad input: DataAnnotations validation → 400 naming the field; binding failures are thrown so
// BadRequestExceptionHandler can answer them as ProblemDetails too (400/413, never 500).
builder.Services.AddValidation();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
// Error keys in ProblemDetails as clients spell the fields (pageSize, not PageSize).
builder.Services.Configure<JsonOptions>(options =>
{
    options.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
    options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJson.Default);
});

var app = builder.Build();

// Observable instruments exist only once their owners do: create them up front so every series
// is exported from the first scrape (at 0), not from the first order.
app.Services.GetRequiredService<ProcessMetrics>();

app.UseMiddleware<FailedRequestsMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
// After the failed-request count (it sees injected errors), before the endpoints: hang gate, token guard,
// injected latency and errors, and the /chaos routes, when Chaos:Enabled.
app.UseFaultSwitches();

app.MapDefaultEndpoints();

var identity = app.Services.GetRequiredService<ServiceIdentity>();
app.MapGet("/", () => TypedResults.Ok(new ServiceInfo(
    identity.ServiceName, identity.ServiceVersion, identity.InstanceId,
    (DateTimeOffset.UtcNow - identity.StartedAt).TotalSeconds)));
app.MapCatalogueEndpoints();
app.MapProcessEndpoints();

// Start-up leaves about 20 MB of garbage (configuration, DI, OpenTelemetry's set-up) that an idle replica, which
// allocates little, would keep for minutes: one aggressive collection once the host listens returns it to the OS
// (a replica at rest under the AppHost: 48 → 34 MB RSS, docs/benchmarks.md "Replica builds").
app.Lifetime.ApplicationStarted.Register(() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true));

app.Run();

/// <summary>Entry point marker for WebApplicationFactory.</summary>
public partial class Program;
