using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Tests.Config;

/// <summary>The repository's config/ folder and its topology, rendered into temp folders for tests.</summary>
public static class RepositoryConfig
{
    public static string Root { get; } = StackTopology.FindRepositoryRoot();

    public static string ConfigPath(params string[] parts) => Path.Combine([Root, "config", .. parts]);

    public static StackTopology Topology { get; } = StackTopology.Load(ConfigPath("topology.json"));

    public static RenderedConfig Render(TempFolder folder, HostingMode mode, StackTopology? topology = null, RenderOptions? options = null) =>
        StackConfigRenderer.Render(topology ?? Topology, Root, folder.Combine(mode.ToString().ToLowerInvariant()),
            (options ?? new RenderOptions()) with { Mode = mode });
}
