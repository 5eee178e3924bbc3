using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Tests.Config;

/// <summary>The repository's config/ folder and its topology, rendered into temp folders for tests.</summary>
public static class RepositoryConfig
{
    public static string Root { get; } = StackTopology.FindRepositoryRoot();

    public static string ConfigPath(params string[] parts) => Path.Combine([Root, "config", .. parts]);

    public static StackTopology Topology { get; } = StackTopology.Load(ConfigPath("topology.json"));

    /// <summary>config/autoscaling.json as the cluster manifests are written from it (maxReplicas 0 resolved to the topology's).</summary>
    public static AutoscalingPolicy Autoscaling { get; } = AutoscalingPolicy.Load(Root, Topology.MaxReplicas);

    public static RenderedConfig Render(TempFolder folder, HostingMode mode, StackTopology? topology = null, RenderOptions? options = null) =>
        StackConfigRenderer.Render(topology ?? Topology, Root, folder.Combine(mode.ToString().ToLowerInvariant()),
            (options ?? new RenderOptions()) with { Mode = mode });
}
