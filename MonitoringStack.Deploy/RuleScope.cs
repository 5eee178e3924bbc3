using YamlDotNet.RepresentationModel;

namespace MonitoringStack.Deploy;

/// <summary>
/// Splits the stack's rule files between the shards of a sharded Prometheus and its global view.
/// A shard sees every series of its own replicas and none of the others', so it evaluates what is per
/// instance: recording rules named <c>job_instance…</c> and alerts whose text names
/// <c>$labels.instance</c>. Everything else (the <c>job:</c> and <c>slo:</c> aggregates, AllReplicasDown,
/// the burn-rate alerts) needs every replica and runs on the global view. The <c>meta</c> group (the
/// Watchdog heartbeat) runs on both: each Prometheus proves its own alerting path.
/// </summary>
internal static class RuleScope
{
    public enum Scope { Shard, Global }

    private const string BothGroup = "meta";

    /// <summary>Writes every rule file of <paramref name="rulesDirectory"/> to <paramref name="output"/> with only the rules of <paramref name="scope"/>.</summary>
    public static void WriteScoped(string rulesDirectory, string output, Scope scope)
    {
        if (Directory.Exists(output))
        {
            Directory.Delete(output, recursive: true);
        }
        Directory.CreateDirectory(output);
        foreach (var (name, content) in Scoped(rulesDirectory, scope))
        {
            File.WriteAllText(Path.Combine(output, name), content);
        }
    }

    /// <summary>Every rule file of <paramref name="rulesDirectory"/> that keeps a rule of <paramref name="scope"/>: its name and text.</summary>
    public static IEnumerable<(string FileName, string Content)> Scoped(string rulesDirectory, Scope scope)
    {
        foreach (var file in Directory.EnumerateFiles(rulesDirectory, "*.yml").Order(StringComparer.Ordinal))
        {
            var yaml = new YamlStream();
            using (var reader = File.OpenText(file))
            {
                yaml.Load(reader);
            }
            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            var groups = (YamlSequenceNode)root.Children[new YamlScalarNode("groups")];
            var kept = new YamlSequenceNode();
            foreach (var group in groups.Children.Cast<YamlMappingNode>())
            {
                var name = ((YamlScalarNode)group.Children[new YamlScalarNode("name")]).Value;
                var rules = ((YamlSequenceNode)group.Children[new YamlScalarNode("rules")]).Children.Cast<YamlMappingNode>()
                    .Where(rule => name == BothGroup || ScopeOf(rule) == scope).ToArray();
                if (rules.Length == 0)
                {
                    continue;
                }
                var copy = new YamlMappingNode();
                foreach (var (key, value) in group.Children)
                {
                    copy.Add(key, ((YamlScalarNode)key).Value == "rules" ? new YamlSequenceNode(rules) : value);
                }
                kept.Add(copy);
            }
            if (kept.Children.Count == 0)
            {
                continue;
            }
            yield return (Path.GetFileName(file),
                GeneratedHeader.For($"config/prometheus/rules/{Path.GetFileName(file)} ({scope} rules of a sharded Prometheus, RuleScope.cs)")
                + YamlText.Print(new YamlMappingNode { { "groups", kept } }));
        }
    }

    public static Scope ScopeOf(YamlMappingNode rule)
    {
        if (rule.Children.TryGetValue(new YamlScalarNode("record"), out var record))
        {
            return ((YamlScalarNode)record).Value!.StartsWith("job_instance", StringComparison.Ordinal) ? Scope.Shard : Scope.Global;
        }
        var text = new System.Text.StringBuilder();
        new YamlStream(new YamlDocument(rule)).Save(new StringWriter(text), assignAnchors: false);
        return text.ToString().Contains("$labels.instance", StringComparison.Ordinal) ? Scope.Shard : Scope.Global;
    }
}
