using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Deploy;

/// <summary>
/// The configs of <c>config/</c> rendered by the one renderer (StackConfigRenderer) for a published
/// deployment: every component is its own container reached by its name. The renderer writes to disk,
/// so it renders into a temporary folder that is read back and removed.
/// </summary>
internal sealed class RenderedStack
{
    private readonly Dictionary<string, string> _files;

    private RenderedStack(Dictionary<string, string> files) => _files = files;

    /// <summary>Every rendered file by its path relative to the render folder ('/' separators).</summary>
    public IReadOnlyDictionary<string, string> Files => _files;

    public string this[string relativePath] => _files.TryGetValue(relativePath, out var text)
        ? text
        : throw new InvalidOperationException($"the renderer wrote no {relativePath}");

    /// <param name="alertReceiverHost">
    /// The name the webhook receiver is reached by. The renderer calls it the "container host" (in the
    /// AppHost's containers mode the receiver is a host process); published, it is a service of its own.
    /// </param>
    /// <param name="shard">Renders Prometheus as this shard of a hashmod-sharded set; null: one Prometheus.</param>
    public static RenderedStack Render(StackTopology topology, string repositoryRoot, bool scrapeNodeExporter, string alertReceiverHost,
        IReadOnlyList<ApiReplica>? nginxUpstreams = null, PrometheusShard? shard = null)
    {
        var folder = Directory.CreateTempSubdirectory("monitoringstack-deploy-");
        try
        {
            var rendered = StackConfigRenderer.Render(topology, repositoryRoot, folder.FullName, new RenderOptions
            {
                Mode = HostingMode.Containers,
                ServicesByResourceName = true,
                ContainerHostName = alertReceiverHost,
                ScrapeNodeExporter = scrapeNodeExporter,
                ScrapeNginxExporter = true,
                ScrapeLoadGen = true,
                Shard = shard,
            });
            if (nginxUpstreams is not null)
            {
                StackConfigRenderer.WriteNginxUpstreams(rendered, topology, nginxUpstreams);
            }
            var files = Directory.EnumerateFiles(folder.FullName, "*", SearchOption.AllDirectories)
                .ToDictionary(
                    f => Path.GetRelativePath(folder.FullName, f).Replace('\\', '/'),
                    f => File.ReadAllText(f).ReplaceLineEndings("\n"),
                    StringComparer.Ordinal);
            return new RenderedStack(files);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
