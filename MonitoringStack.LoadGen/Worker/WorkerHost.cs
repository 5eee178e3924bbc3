using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MonitoringStack.Load.Engine;

namespace MonitoringStack.LoadGen.Worker;

/// <summary>
/// The long-running host: service defaults (OpenTelemetry, <c>/metrics</c>, <c>/health</c>,
/// <c>/alive</c>), the load loop, and the control API.
/// </summary>
public static class WorkerHost
{
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Lowest precedence, so appsettings/env/args still win: a request log line per scrape is noise.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });
        builder.Configuration.AddInMemoryCollection(overrides);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && string.IsNullOrEmpty(builder.Configuration["HTTP_PORTS"]))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{WorkerSettings.MetricsPort(builder.Configuration)}");
        }
        builder.AddServiceDefaults();

        builder.Services.AddSingleton(WorkerSettings.From(builder.Configuration));
        builder.Services.AddSingleton<LoadGenMetrics>();
        builder.Services.AddSingleton(sp => new LoadRunner(sp.GetRequiredService<LoadGenMetrics>()));
        builder.Services.AddSingleton<WorkerStatus>();
        builder.Services.AddHostedService<LoadWorker>();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapLoadGenControl();
        return app;
    }
}
