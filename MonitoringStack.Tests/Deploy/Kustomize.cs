using System.Collections.Concurrent;
using MonitoringStack.Tests.Config;

namespace MonitoringStack.Tests.Deploy;

/// <summary>
/// <c>kubectl kustomize</c> on the repository's overlays, each rendered once per test run. The load
/// restrictor is lifted because the ConfigMaps are generated from config/, outside deploy/ (on purpose:
/// the files are not copied).
/// </summary>
public static class Kustomize
{
    public const string HowToGetIt = "kubectl 1.32 with kustomize 5.5 is in the build image; elsewhere install kubectl";

    /// <summary>Every overlay under deploy/kubernetes/overlays, plus the Chaos Mesh folder.</summary>
    public static IReadOnlyList<string> Overlays { get; } =
        [.. Directory.EnumerateDirectories(Path.Combine(RepositoryConfig.Root, "deploy", "kubernetes", "overlays"))
            .Select(d => Path.GetRelativePath(RepositoryConfig.Root, d).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    public static TheoryData<string> OverlayData()
    {
        var data = new TheoryData<string>();
        foreach (var overlay in Overlays)
        {
            data.Add(overlay);
        }
        return data;
    }

    private static readonly ConcurrentDictionary<string, Lazy<Task<ToolResult>>> Rendered = new(StringComparer.Ordinal);

    /// <summary>The rendered YAML stream of a folder relative to the repository root; fails the test when kustomize does.</summary>
    public static async Task<string> RenderAsync(string folder)
    {
        var result = await Rendered.GetOrAdd(folder, f => new Lazy<Task<ToolResult>>(() => ToolRun.RunAsync(
            DeployTools.Find("kubectl") ?? "kubectl",
            ["kustomize", "--load-restrictor", "LoadRestrictionsNone", Path.Combine(RepositoryConfig.Root, f)],
            timeout: TimeSpan.FromSeconds(60)))).Value;
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output;
    }
}
