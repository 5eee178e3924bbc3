using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Topology;

namespace MonitoringStack.Tests.Experiments;

public class ExperimentLoaderTests
{
    private static string ExperimentsDirectory => Path.Combine(StackTopology.FindRepositoryRoot(), "experiments");

    public static TheoryData<string> ExperimentFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in ExperimentLoader.Discover(ExperimentsDirectory).Values)
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ExperimentFiles))]
    public void Every_shipped_experiment_is_valid_and_named_after_its_file(string file)
    {
        var definition = ExperimentLoader.LoadFile(Path.Combine(ExperimentsDirectory, file));

        Assert.Equal(Path.GetFileNameWithoutExtension(file), definition.Name);
        Assert.False(string.IsNullOrWhiteSpace(definition.Title));
    }

    [Fact]
    public void The_suite_covers_scalability_and_every_fault_the_issue_names()
    {
        var names = ExperimentLoader.Discover(ExperimentsDirectory).Keys.ToHashSet();

        // xUnit's Superset takes the expected subset first: the shipped names must include every one of these.
        Assert.Superset(new HashSet<string>
        {
            "scalability", "kill-replica", "crash-replica", "hang-replica", "partition-replica", "cpu-exhaustion",
            "memory-exhaustion", "latency-injection", "error-injection", "prometheus-restart", "alertmanager-restart",
        }, names);
    }

    private const string Valid = """
        name: sample
        title: Sample
        replicas: 3
        load:
          rate: 100
          durationSeconds: 30
        method:
          - at: 10
            action: kill
            target: api-1
        """;

    [Fact]
    public void A_valid_definition_parses()
    {
        var definition = ExperimentLoader.Parse(Valid);

        Assert.Equal("kill", definition.Method[0].Action);
        Assert.Equal(0.999, definition.Hypothesis.MinAvailability);
    }

    [Theory]
    [InlineData("target: api-1", "target: api-7", "10: method[0].target")]
    [InlineData("action: kill", "action: explode", "9: method[0].action")]
    [InlineData("rate: 100", "rate: -5", "5: load.rate")]
    [InlineData("at: 10", "at: 99", "8: method[0].at")]
    public void Semantic_errors_name_the_line_and_field(string from, string to, string expected)
    {
        var error = Assert.Throws<ExperimentDefinitionException>(() => ExperimentLoader.Parse(Valid.Replace(from, to, StringComparison.Ordinal), "x.yaml"));

        Assert.Contains("x.yaml:" + expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_name_their_line()
    {
        var error = Assert.Throws<ExperimentDefinitionException>(() =>
            ExperimentLoader.Parse(Valid.Replace("replicas: 3", "replicas: 3\nreplicaz: 4", StringComparison.Ordinal), "x.yaml"));

        Assert.StartsWith("x.yaml:4:", error.Message, StringComparison.Ordinal);
        Assert.Contains("replicaz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scalability_needs_a_single_replica_step()
    {
        var yaml = """
            name: s
            kind: scalability
            scalability:
              replicaCounts: [2, 4]
              stepRates: [100]
            """;

        var error = Assert.Throws<ExperimentDefinitionException>(() => ExperimentLoader.Parse(yaml, "s.yaml"));
        Assert.Contains("scalability.replicaCounts", error.Message, StringComparison.Ordinal);
    }
}
