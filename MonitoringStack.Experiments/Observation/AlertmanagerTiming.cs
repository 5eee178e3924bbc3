using MonitoringStack.Experiments.Analysis;
using YamlDotNet.RepresentationModel;

namespace MonitoringStack.Experiments.Observation;

/// <summary>When Alertmanager flushes a group: <c>group_wait</c> after a new group's first alert, then every <c>group_interval</c>.</summary>
public sealed record GroupTiming(TimeSpan GroupWait, TimeSpan GroupInterval);

/// <summary>One route of the routing tree with the timing in force on it (a child inherits what it does not set).</summary>
public sealed record RouteTiming(string Matchers, GroupTiming Timing);

/// <summary>
/// The grouping timers of an Alertmanager configuration, per severity (the routes of our tree match on
/// <c>severity</c>), read from the configuration's text.
/// </summary>
public sealed record AlertmanagerTiming(GroupTiming Default, IReadOnlyDictionary<string, GroupTiming> BySeverity, IReadOnlyList<RouteTiming> Routes)
{
    // Alertmanager's own defaults when a route sets nothing.
    private static readonly GroupTiming BuiltIn = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));

    public GroupTiming For(string severity) => BySeverity.TryGetValue(severity, out var timing) ? timing : Default;

    public static AlertmanagerTiming Parse(string yaml)
    {
        var root = Yaml.Load(yaml);
        var route = Yaml.Child(root, "route") as YamlMappingNode;
        var top = Effective(route, BuiltIn);
        var routes = new List<RouteTiming> { new("(root)", top) };
        var bySeverity = new Dictionary<string, GroupTiming>(StringComparer.Ordinal);
        Walk(route, top, routes, bySeverity);
        return new AlertmanagerTiming(top, bySeverity, routes);
    }

    private static void Walk(YamlMappingNode? parent, GroupTiming inherited, List<RouteTiming> routes, Dictionary<string, GroupTiming> bySeverity)
    {
        if (Yaml.Child(parent, "routes") is not YamlSequenceNode children)
        {
            return;
        }
        foreach (var child in children.Children.OfType<YamlMappingNode>())
        {
            var timing = Effective(child, inherited);
            var matchers = Matchers(child).ToArray();
            routes.Add(new RouteTiming(string.Join(", ", matchers), timing));
            // The first route that matches a severity wins (our routes do not 'continue').
            foreach (var severity in SeveritiesMatched(matchers))
            {
                bySeverity.TryAdd(severity, timing);
            }
            Walk(child, timing, routes, bySeverity);
        }
    }

    private static GroupTiming Effective(YamlMappingNode? route, GroupTiming inherited) => new(
        Yaml.Scalar(route, "group_wait") is { } wait ? Durations.Parse(wait) : inherited.GroupWait,
        Yaml.Scalar(route, "group_interval") is { } interval ? Durations.Parse(interval) : inherited.GroupInterval);

    private static IEnumerable<string> Matchers(YamlMappingNode route) =>
        Yaml.Child(route, "matchers") is YamlSequenceNode matchers
            ? matchers.Children.OfType<YamlScalarNode>().Select(m => (m.Value ?? "").Replace(" ", "", StringComparison.Ordinal))
            : [];

    // Reads matchers such as severity="critical" or severity=~"info|none" (the forms our routes use).
    private static IEnumerable<string> SeveritiesMatched(IEnumerable<string> matchers) =>
        matchers.Where(m => m.StartsWith("severity=", StringComparison.Ordinal))
            .SelectMany(m => m["severity=".Length..].TrimStart('~').Trim('"').Split('|'));
}
