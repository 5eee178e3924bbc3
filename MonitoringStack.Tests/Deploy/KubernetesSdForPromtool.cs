using YamlDotNet.RepresentationModel;

namespace MonitoringStack.Tests.Deploy;

/// <summary>
/// Debian's Prometheus 2.42 (and its promtool) is built without Kubernetes service discovery: promtool
/// rejects <c>kubernetes_sd_configs</c> as an unknown field. So the blocks are checked here against the
/// fields Prometheus documents for them, then replaced by an equivalent static target list, and promtool
/// checks everything else (globals, relabel rules and their regexes, alerting, rule files).
/// </summary>
public static class KubernetesSdForPromtool
{
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "node", "service", "pod", "endpoints", "endpointslice", "ingress" };
    private static readonly HashSet<string> SdFields = new(StringComparer.Ordinal)
    {
        "api_server", "role", "kubeconfig_file", "namespaces", "selectors", "attach_metadata",
        "basic_auth", "authorization", "oauth2", "proxy_url", "follow_redirects", "enable_http2", "tls_config",
    };
    private static readonly HashSet<string> NamespaceFields = new(StringComparer.Ordinal) { "own_namespace", "names" };

    /// <summary>Returns the config with every kubernetes_sd_configs replaced; fails on a field Prometheus does not know.</summary>
    public static string Replace(string prometheusYml, out int replaced)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(prometheusYml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        replaced = 0;
        foreach (var job in ((YamlSequenceNode)root.Children[new YamlScalarNode("scrape_configs")]).Children.Cast<YamlMappingNode>())
        {
            var key = new YamlScalarNode("kubernetes_sd_configs");
            if (!job.Children.TryGetValue(key, out var sd))
            {
                continue;
            }
            foreach (var config in ((YamlSequenceNode)sd).Children.Cast<YamlMappingNode>())
            {
                foreach (var field in config.Children.Keys.Cast<YamlScalarNode>())
                {
                    Assert.True(SdFields.Contains(field.Value!), $"kubernetes_sd_configs has no field '{field.Value}'");
                }
                Assert.Contains(((YamlScalarNode)config.Children[new YamlScalarNode("role")]).Value!, Roles);
                if (config.Children.TryGetValue(new YamlScalarNode("namespaces"), out var namespaces))
                {
                    Assert.All(((YamlMappingNode)namespaces).Children.Keys.Cast<YamlScalarNode>(), k => Assert.Contains(k.Value!, NamespaceFields));
                }
            }
            job.Children.Remove(key);
            job.Add("static_configs", new YamlSequenceNode(new YamlMappingNode(
                "targets", new YamlSequenceNode(new YamlScalarNode("pod-discovered-target:1")))));
            replaced++;
        }
        var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
