using System.Collections.Concurrent;
using MonitoringStack.Tests.Config;

namespace MonitoringStack.Tests.Deploy;

/// <summary>
/// <c>kubectl kustomize</c> on the repository's overlays, each rendered once per test run, with the default
/// load restrictor (files only from inside each kustomization's folder): what <c>kubectl apply -k</c>,
/// Argo CD and Flux do, so a render that passes here is one they accept.
/// </summary>
public static class Kustomize
{
    public const string HowToGetIt = "kubectl 1.32 with kustomize 5.5 is in the build image; elsewhere install kubectl";

    /// <summary>Every overlay under deploy/kubernetes/overlays (<see cref="TypedModelTests"/> renders each).</summary>
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
            ["kustomize", Path.Combine(RepositoryConfig.Root, f)],
            timeout: TimeSpan.FromSeconds(60)))).Value;
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output;
    }
}
