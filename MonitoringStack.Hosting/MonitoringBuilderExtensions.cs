using MonitoringStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Settings shared by every MonitoringStack component of an AppHost.</summary>
public static class MonitoringBuilderExtensions
{
    /// <summary>
    /// Sets how and where the components run (<see cref="MonitoringOptions"/>). Call it before the first
    /// <c>AddPrometheus</c>/<c>AddAlertmanager</c>/<c>AddGrafana</c>/<c>AddNginxLoadBalancer</c>/<c>AddReplicas</c>.
    /// </summary>
    public static IDistributedApplicationBuilder ConfigureMonitoring(this IDistributedApplicationBuilder builder, Action<MonitoringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var plane = MonitoringPlane.Of(builder);
        if (plane.RuntimeDecided)
        {
            throw new InvalidOperationException("ConfigureMonitoring must be called before the first MonitoringStack component is added.");
        }
        configure(plane.Options);
        return builder;
    }

    /// <summary>How the components of this AppHost run, and why (for a startup line).</summary>
    public static (MonitoringRuntime Runtime, string Reason) GetMonitoringRuntime(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var plane = MonitoringPlane.Of(builder);
        return (plane.Runtime, plane.RuntimeReason);
    }
}
