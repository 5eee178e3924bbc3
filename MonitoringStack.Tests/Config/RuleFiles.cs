using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MonitoringStack.Tests.Config;

/// <summary>The Prometheus rule files and promtool test files under config/prometheus, read as data.</summary>
public static class RuleFiles
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public static IReadOnlyList<string> RulePaths { get; } =
        Directory.GetFiles(RepositoryConfig.ConfigPath("prometheus", "rules"), "*.yml").Order(StringComparer.Ordinal).ToArray();

    public static IReadOnlyList<string> TestPaths { get; } =
        Directory.GetFiles(RepositoryConfig.ConfigPath("prometheus", "tests"), "*.test.yml").Order(StringComparer.Ordinal).ToArray();

    public static IReadOnlyList<RuleDefinition> AllRules { get; } = RulePaths
        .SelectMany(path => Yaml.Deserialize<RuleFileModel>(File.ReadAllText(path)).Groups
            .SelectMany(g => g.Rules.Select(r => r with { File = Path.GetFileName(path), Group = g.Name })))
        .ToArray();

    public static IReadOnlyList<RuleDefinition> Alerts => AllRules.Where(r => r.Alert is not null).ToArray();

    public static IReadOnlyList<RuleDefinition> RecordingRules => AllRules.Where(r => r.Record is not null).ToArray();

    public static IReadOnlyList<AlertTestCase> AlertTests { get; } = TestPaths
        .SelectMany(path => Yaml.Deserialize<TestFileModel>(File.ReadAllText(path)).Tests
            .SelectMany(t => (t.AlertRuleTest ?? []).Select(a => new AlertTestCase(Path.GetFileName(path), t.Name, a.Alertname, a.ExpAlerts ?? []))))
        .ToArray();

    public sealed record RuleFileModel
    {
        public List<GroupModel> Groups { get; init; } = [];
    }

    public sealed record GroupModel
    {
        public string Name { get; init; } = "";
        public List<RuleDefinition> Rules { get; init; } = [];
    }

    public sealed record TestFileModel
    {
        public List<TestModel> Tests { get; init; } = [];
    }

    public sealed record TestModel
    {
        public string Name { get; init; } = "";
        public List<AlertRuleTestModel>? AlertRuleTest { get; init; }
    }

    public sealed record AlertRuleTestModel
    {
        public string Alertname { get; init; } = "";
        public List<ExpectedAlert>? ExpAlerts { get; init; }
    }

    public sealed record ExpectedAlert
    {
        public Dictionary<string, string> ExpLabels { get; init; } = [];
        public Dictionary<string, string> ExpAnnotations { get; init; } = [];
    }
}

public sealed record RuleDefinition
{
    public string? Alert { get; init; }
    public string? Record { get; init; }
    public string Expr { get; init; } = "";
    public string? For { get; init; }
    public Dictionary<string, string> Labels { get; init; } = [];
    public Dictionary<string, string> Annotations { get; init; } = [];
    [YamlIgnore] public string File { get; init; } = "";
    [YamlIgnore] public string Group { get; init; } = "";

    public override string ToString() => $"{File}/{Group}/{Alert ?? Record}";
}

public sealed record AlertTestCase(string File, string TestName, string AlertName, IReadOnlyList<RuleFiles.ExpectedAlert> Expected);
