using MonitoringStack.Tests.Config;
using YamlDotNet.RepresentationModel;

namespace MonitoringStack.Tests.Deploy;

/// <summary>
/// kustomize's default load restrictor is enough for deploy/: `kubectl apply -k`, Argo CD and Flux keep it,
/// and it lets a kustomization read files only from inside its own folder (a folder it lists as a resource,
/// another kustomization, may be anywhere). <see cref="TypedModelTests"/> renders every overlay that way
/// (<see cref="Kustomize.RenderAsync"/> passes no flag); this test names the offending path without kubectl,
/// for every kustomization under deploy/, including those no overlay reaches.
/// </summary>
public sealed class KustomizeLoadRestrictionTests
{
    /// <summary>The fields of a kustomization whose items are paths it loads (kustomize's Kustomization type).</summary>
    private static readonly HashSet<string> PathListFields = new(StringComparer.Ordinal)
    {
        "resources", "components", "crds", "configurations", "generators", "transformers", "validators",
        "patchesStrategicMerge", "files", "envs",
    };

    /// <summary>The fields whose one value is a path it loads (patches, replacements, a generator's env, openapi).</summary>
    private static readonly HashSet<string> PathFields = new(StringComparer.Ordinal) { "path", "env" };

    [Fact]
    public void No_kustomization_under_deploy_reads_a_file_outside_its_own_folder()
    {
        var kustomizations = Directory.EnumerateFiles(Path.Combine(RepositoryConfig.Root, "deploy"), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is "kustomization.yaml" or "kustomization.yml" or "Kustomization").ToArray();
        Assert.NotEmpty(kustomizations);
        foreach (var kustomization in kustomizations)
        {
            var root = Path.GetDirectoryName(kustomization)!;
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(kustomization)));
            foreach (var reference in LoadedPaths(stream.Documents[0].RootNode))
            {
                var resolved = Path.GetFullPath(Path.Combine(root, reference));
                var relative = Path.GetRelativePath(root, resolved);
                var inside = relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
                Assert.True(inside || Directory.Exists(resolved),
                    $"{Path.GetRelativePath(RepositoryConfig.Root, kustomization)} loads {reference}, outside its folder: "
                    + "kustomize's default load restrictor refuses it; have MonitoringStack.Deploy copy it into the folder");
            }
        }
    }

    /// <summary>Every path the kustomization loads, as written (a generator's "key=path" without the key; URLs and inline patches left out).</summary>
    private static IEnumerable<string> LoadedPaths(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.SelectMany(entry => (((YamlScalarNode)entry.Key).Value, entry.Value) switch
        {
            (string field, YamlSequenceNode items) when PathListFields.Contains(field) =>
                items.OfType<YamlScalarNode>().Select(item => item.Value!).Where(IsPath).Select(p => p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..]),
            (string field, YamlScalarNode value) when PathFields.Contains(field) => IsPath(value.Value!) ? [value.Value!] : [],
            (_, var value) => LoadedPaths(value),
        }),
        YamlSequenceNode items => items.SelectMany(LoadedPaths),
        _ => [],
    };

    private static bool IsPath(string value) => !value.Contains('\n', StringComparison.Ordinal) && !value.Contains("://", StringComparison.Ordinal);
}
