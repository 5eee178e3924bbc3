using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Faults;
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

    [Theory]
    [InlineData("orders", "orders-2")]
    [InlineData("order-service", "order-service-0")]
    public void Targets_are_members_of_the_named_replica_set(string set, string target)
    {
        var definition = ExperimentLoader.Parse(Valid.Replace("replicas: 3", $"replicaSet: {set}\nreplicas: 3", StringComparison.Ordinal)
            .Replace("target: api-1", $"target: {target}", StringComparison.Ordinal));

        Assert.Equal(set, definition.ReplicaSet);
        Assert.Equal(target, definition.Method[0].Target);
    }

    [Theory]
    [InlineData("target: api-1", "3: replicaSet: must be the resource name of a replica set", "orders_svc")]
    [InlineData("target: api-1", "11: method[0].target: must name a replica of the set 'orders' (orders-0..orders-2", "orders")]
    [InlineData("target: orders-3", "11: method[0].target: must name a replica of the set 'orders' (orders-0..orders-2", "orders")]
    [InlineData("target: orders-x", "11: method[0].target", "orders")]
    [InlineData("target: orders--1", "11: method[0].target", "orders")]
    public void A_target_outside_the_named_set_is_a_load_error(string target, string expected, string set)
    {
        var yaml = Valid.Replace("replicas: 3", $"replicaSet: {set}\nreplicas: 3", StringComparison.Ordinal).Replace("target: api-1", target, StringComparison.Ordinal);

        var error = Assert.Throws<ExperimentDefinitionException>(() => ExperimentLoader.Parse(yaml, "x.yaml"));

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

    public static TheoryData<string> CatalogueFaults() => [.. FaultCatalogue.Faults.Select(f => f.Name)];

    private static string ChaosStep(string fault, string body) => $$"""
        name: sample
        title: Sample
        replicas: 3
        load:
          rate: 100
          durationSeconds: 30
        method:
          - at: 10
            action: chaos
            target: api-1
            fault: {{fault}}
            body: { {{body}} }
        """;

    /// <summary>Every fault of the catalogue can be a chaos step, its end read from the catalogue's duration key.</summary>
    [Theory]
    [MemberData(nameof(CatalogueFaults))]
    public void Every_catalogue_fault_is_a_chaos_step(string name)
    {
        var fault = FaultCatalogue.Find(name)!;
        var body = string.Join(", ", fault.Preset.Arguments.Select(a => $"{a.Key}: {a.Value}"));

        var step = ExperimentLoader.Parse(ChaosStep(name, body), "x.yaml").Method.Single();

        Assert.Equal(fault.Preset.Json, ExperimentActions.ChaosRequest(step).Json);
        Assert.Equal(fault.Preset.Duration is { } d ? 10 + d.TotalSeconds : null, ExperimentActions.FaultEnd(step));
        Assert.Equal($"chaos {name}", ExperimentActions.Describe(step));
    }

    [Theory]
    [InlineData("fault: latency", "fault: lag", "11: method[0].fault: must be one of {faults}, got 'lag'")]
    [InlineData("delayMs: 500", "delayMs: 0", "12: method[0].body.delayMs: The field DelayMs must be between 1 and 60000.")]
    [InlineData("delayMs: 500", "delay: 500", "12: method[0].body.delay: is not a parameter of latency (it takes delayMs, durationSeconds)")]
    [InlineData("delayMs: 500, ", "", "12: method[0].body.delayMs: is required")]
    [InlineData("durationSeconds: 60", "durationSeconds: soon", "12: method[0].body.durationSeconds: must be a whole number, got 'soon'")]
    public void A_chaos_step_is_checked_as_the_switch_checks_it(string from, string to, string expected)
    {
        var yaml = ChaosStep("latency", "delayMs: 500, durationSeconds: 60").Replace(from, to, StringComparison.Ordinal);

        var error = Assert.Throws<ExperimentDefinitionException>(() => ExperimentLoader.Parse(yaml, "x.yaml"));

        Assert.Equal("x.yaml:" + expected.Replace("{faults}", string.Join(", ", FaultCatalogue.Faults), StringComparison.Ordinal), error.Message);
    }
}
