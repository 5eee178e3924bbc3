using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MonitoringStack.Faults.Switches;

/// <summary>What the host tells the switches: the meter its metrics are exported from, and the paths injected latency and errors leave alone.</summary>
public sealed record FaultSwitchesSetup(string MeterName, Func<PathString, bool> Spared);

/// <summary>
/// The fault switches of <see cref="FaultCatalogue"/> in any ASP.NET Core service: <c>builder.AddFaultSwitches(…)</c>
/// registers them (options section <c>Chaos</c>, off by default), <c>app.UseFaultSwitches()</c> puts them in the
/// pipeline and maps <c>/chaos/*</c> when <c>Chaos:Enabled=true</c>.
/// </summary>
public static class FaultSwitches
{
    /// <summary>
    /// Registers the switches: <see cref="ChaosOptions"/> (validated at start: enabled needs a token), the
    /// faults in force and the <c>monitoringstack_chaos_fault_active</c> gauge on <paramref name="meterName"/>.
    /// </summary>
    /// <param name="meterName">A meter the host exports (the gauge is created on it).</param>
    /// <param name="spared">Paths injected latency and errors never touch (probes, scrapes); a hang stops them too.</param>
    public static TBuilder AddFaultSwitches<TBuilder>(this TBuilder builder, string meterName, Func<PathString, bool>? spared = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(meterName);
        var services = builder.Services;
        services.AddOptions<ChaosOptions>().BindConfiguration(ChaosOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChaosOptions>, ChaosOptionsValidator>();
        // The switches' bodies and answers, generated at compile time, ahead of the host's own JSON types.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, FaultJson.Default));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new FaultSwitchesSetup(meterName, spared ?? (_ => false)));
        services.AddSingleton<ChaosFaults>();
        services.AddSingleton<ChaosMetrics>();
        return builder;
    }

    /// <summary>
    /// Puts the switches in the pipeline here and maps <c>/chaos/*</c>, when <c>Chaos:Enabled=true</c>: the hang
    /// gate, the token guard and the latency and error injection, in that order. Call it after the middleware that
    /// must see injected errors (error counting) and before the endpoints. Disabled, neither the routes nor the
    /// middlewares exist; the gauge is exported either way (at 0).
    /// </summary>
    public static WebApplication UseFaultSwitches(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Observable instruments exist only once their owner does: create it now, so every series is
        // exported from the first scrape (at 0), not from the first fault.
        app.Services.GetRequiredService<ChaosMetrics>();
        if (!app.Services.GetRequiredService<IOptions<ChaosOptions>>().Value.Enabled)
        {
            return app;
        }
        app.UseMiddleware<HangGateMiddleware>();
        app.UseMiddleware<ChaosGuardMiddleware>();
        app.UseMiddleware<FaultInjectionMiddleware>();
        ChaosEndpoints.MapChaosEndpoints(app);
        return app;
    }
}
