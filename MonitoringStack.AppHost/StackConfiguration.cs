using MonitoringStack.Hosting;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost;

/// <summary>
/// Renders config/ for the chosen infrastructure: Containers mode (containers reach each other by
/// resource name and host processes through the container host name) or Local mode (everything on
/// 127.0.0.1) for executables. Scrape jobs are rendered only for what runs; the load generator is
/// listed by <see cref="Supervision.LoadGenTargets"/> while it runs. The AppHost never writes a config by hand.
/// </summary>
public static class StackConfiguration
{
    public static RenderedConfig Render(StackSettings stack, HostBinaries? binaries)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var mode = stack.InfrastructureAs == MonitoringRuntime.Executable ? HostingMode.Local : HostingMode.Containers;
        var outDir = Path.Combine(stack.StateDirectory, "rendered", mode.ToString().ToLowerInvariant());
        var rendered = StackConfigRenderer.Render(stack.Topology, stack.RepositoryRoot, outDir, new RenderOptions
        {
            Mode = mode,
            ContainerHostName = stack.ContainerHostName,
            // Published, every project is its own service, reached by its name.
            ServicesByResourceName = stack.IsPublishMode && mode == HostingMode.Containers,
            IngressPort = stack.IsPublishMode ? ApiReplicaResources.PublishedIngressPort : null,
            ScrapeLoadGen = false,
            ScrapeNodeExporter = binaries is null || binaries.Has(HostProgram.NodeExporter),
            ScrapeNginxExporter = binaries is null || binaries.Has(HostProgram.NginxExporter),
            // Served by this process (AddFaultMetrics in AppHost.cs); published there is no AppHost process to serve it.
            ScrapeFaultMetrics = !stack.IsPublishMode,
            // Published deployments run no experiments; here nginx serves their reports on its internal port.
            ExperimentReportsDirectory = stack.IsPublishMode ? null
                : mode == HostingMode.Local ? stack.ExperimentsOutput : Experiments.ExperimentReports.ContainerDirectory,
        });
        if (stack.IsPublishMode)
        {
            // Published, the replicas are one app behind its ingress: one scrape target and one upstream.
            StackConfigRenderer.WriteApiTargets(rendered, stack.Topology, [ApiReplicaResources.PublishedService(stack.Topology)]);
            StackConfigRenderer.WriteNginxUpstreams(rendered, stack.Topology, [ApiReplicaResources.PublishedService(stack.Topology)]);
        }
        return rendered;
    }
}
