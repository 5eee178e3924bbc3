using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.Hosting;

namespace Aspire.Hosting;

/// <summary>The faults the AppHost injects, and the experiment it runs, as Prometheus series for dashboard annotations.</summary>
public static class FaultMetricsResourceBuilderExtensions
{
    /// <summary>The name <see cref="AddFaultMetrics"/> gives the resource unless told otherwise.</summary>
    public const string DefaultName = "fault-metrics";

    /// <summary>
    /// Serves <c>monitoringstack_fault_active{experiment,fault,target}</c> and <c>monitoringstack_experiment_running{experiment}</c>
    /// from inside the AppHost at <c>/metrics</c>. <c>AddPrometheus</c> adds it (on a free port) and scrapes it as job
    /// <c>faults</c>; call this before <c>AddPrometheus</c> only to choose its name or port.
    /// </summary>
    /// <param name="port">Its port; a free one when null.</param>
    public static IResourceBuilder<FaultMetricsResource> AddFaultMetrics(this IDistributedApplicationBuilder builder, string name = DefaultName, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Resources.OfType<FaultMetricsResource>().FirstOrDefault() is { } existing)
        {
            throw new InvalidOperationException($"the application already serves its fault metrics as '{existing.Name}' (AddPrometheus adds them): call AddFaultMetrics once, before AddPrometheus");
        }
        var plane = MonitoringPlane.Of(builder);
        var resource = new FaultMetricsResource(name, port ?? InProcessResource.FreePort(), listenAnyAddress: plane.Options.ListenAnyAddress);
        return InProcessResource.Add(builder, resource, "FaultMetrics",
            (services, server, _) => FaultMetricsServer.Build(server.Port, services.GetRequiredService<FaultBoard>(), server.ListenAnyAddress),
            ("metrics", "metrics"));
    }

    /// <summary>The application's fault metrics, added with their defaults when nothing added them yet.</summary>
    internal static FaultMetricsResource FaultMetricsOf(IDistributedApplicationBuilder builder) =>
        builder.Resources.OfType<FaultMetricsResource>().FirstOrDefault() ?? builder.AddFaultMetrics().Resource;
}
