using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost;

/// <summary>
/// Renders config/ for the chosen infrastructure: Containers mode (containers reach each other by
/// resource name and host processes through the container host name) or Local mode (everything on
/// 127.0.0.1) for the executables option. The AppHost never writes a config file by hand.
/// </summary>
public static class StackConfiguration
{
    public static RenderedConfig Render(StackSettings stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var mode = stack.InfrastructureAs == InfrastructureKind.Executables ? HostingMode.Local : HostingMode.Containers;
        var outDir = Path.Combine(stack.StateDirectory, "rendered", mode.ToString().ToLowerInvariant());
        return StackConfigRenderer.Render(stack.Topology, stack.RepositoryRoot, outDir, new RenderOptions
        {
            Mode = mode,
            ContainerHostName = stack.ContainerHostName,
            // Published (Compose, Kubernetes), every project is its own service, reached by its name.
            ServicesByResourceName = stack.IsPublishMode && mode == HostingMode.Containers,
        });
    }
}
