using YamlDotNet.RepresentationModel;
using static MonitoringStack.Deploy.YamlText;

namespace MonitoringStack.Deploy.Kubernetes;

/// <summary>
/// The pinned images of the base kustomization (its <c>images</c> list, which a test compares with the
/// AppHost's): what generated manifests outside the base (compose, the sharded overlay's shards) run.
/// </summary>
internal static class BaseImages
{
    /// <summary>name → name:tag.</summary>
    public static Dictionary<string, string> Read(string repositoryRoot)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(repositoryRoot, "deploy", "kubernetes", "base", "kustomization.yaml"))));
        var images = (YamlSequenceNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[S("images")];
        return images.Children.Cast<YamlMappingNode>().ToDictionary(
            i => ((YamlScalarNode)i.Children[S("name")]).Value!,
            i => $"{((YamlScalarNode)i.Children[S("name")]).Value}:{((YamlScalarNode)i.Children[S("newTag")]).Value}",
            StringComparer.Ordinal);
    }
}
