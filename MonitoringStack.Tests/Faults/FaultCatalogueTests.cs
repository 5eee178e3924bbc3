using System.Globalization;
using System.Reflection;
using MonitoringStack.Faults;
using MonitoringStack.Faults.Switches;

namespace MonitoringStack.Tests.Faults;

/// <summary>
/// The catalogue is consistent in itself: every entry is listed, named as its route, its preset is a valid
/// request of its own record, and it has what the switches, the dashboard and Chaos Mesh need. What reads it
/// is tested where it is read (Api/, Deploy/, Experiments/, Aspire/).
/// </summary>
public sealed class FaultCatalogueTests
{
    public static TheoryData<string> Faults() => [.. FaultCatalogue.Faults.Select(f => f.Name)];

    private static readonly ChaosMeshPod Pod = new(5101, "api", "/data*");
    private static readonly string[] ChaosMeshKinds = ["HTTPChaos", "StressChaos", "PodChaos", "NetworkChaos", "IOChaos", "TimeChaos"];

    [Fact]
    public void Every_entry_is_listed_once_under_a_name_of_its_own()
    {
        var declared = typeof(FaultCatalogue).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => typeof(SwitchFault).IsAssignableFrom(f.FieldType))
            .Select(f => (SwitchFault)f.GetValue(null)!)
            .ToArray();
        Assert.Equal(declared.ToHashSet(), FaultCatalogue.Faults.ToHashSet());
        Assert.Equal(FaultCatalogue.Switches.Count, FaultCatalogue.Switches.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(FaultCatalogue.Switches, s =>
        {
            Assert.Matches("^[a-z]+$", s.Name);
            Assert.Equal("/chaos/" + s.Name, s.Path);
            Assert.Equal("chaos-" + s.Name, s.CommandName);
            Assert.False(string.IsNullOrWhiteSpace(s.Button.DisplayName));
            Assert.False(string.IsNullOrWhiteSpace(s.Button.IconName));
        });
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public void The_preset_is_a_valid_request_that_reads_back_as_itself(string name)
    {
        var fault = FaultCatalogue.Find(name)!;
        var read = fault.Read(fault.Preset.Arguments);
        Assert.Equal(fault.Preset.Json, read.Json);
        Assert.Equal(fault.Parameters.Select(p => p.Name), fault.Preset.Arguments.Keys);
        Assert.IsType(fault.RequestType, read.Value);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_lasting_fault_has_a_duration_key_and_an_instant_one_an_action(string name)
    {
        var fault = FaultCatalogue.Find(name)!;
        if (fault.IsLasting)
        {
            Assert.Contains(fault.Duration, fault.Parameters);
            Assert.NotNull(fault.Duration.Maximum);
            Assert.Equal(TimeSpan.FromSeconds(double.Parse(fault.Preset.Arguments[fault.Duration.Name]!, CultureInfo.InvariantCulture)), fault.Preset.Duration);
            Assert.Contains(fault, ChaosFaults.Lasting);
            Assert.Null(Effect(fault, "AfterAnswer"));
        }
        else
        {
            Assert.Null(fault.Preset.Duration);
            Assert.DoesNotContain(fault, ChaosFaults.Lasting);
            Assert.NotNull(Effect(fault, "AfterAnswer"));
            Assert.NotNull(Effect(fault, "Answer"));
        }
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public void Every_fault_has_a_chaos_mesh_object(string name)
    {
        var cluster = FaultCatalogue.Find(name)!.Preset.ChaosMesh(Pod);
        Assert.Contains(cluster.Kind, ChaosMeshKinds);
        Assert.False(string.IsNullOrWhiteSpace(cluster.Note));
        Assert.DoesNotContain(cluster.Spec.Entries, e => e.Key is "mode" or "selector" or "action");
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public void Every_parameter_is_range_checked_by_name(string name)
    {
        var fault = FaultCatalogue.Find(name)!;
        foreach (var parameter in fault.Parameters)
        {
            Assert.NotNull(parameter.Maximum);
            var values = new Dictionary<string, string?>(fault.Preset.Arguments)
            {
                [parameter.Name] = (parameter.Maximum!.Value + 1).ToString(CultureInfo.InvariantCulture),
            };
            Assert.False(fault.TryRead(values, out _, out var errors));
            Assert.Equal([parameter.Name], errors.Keys);
        }
    }

    [Fact]
    public void Unknown_missing_and_malformed_parameters_are_named()
    {
        var latency = FaultCatalogue.Latency;
        var error = Assert.Throws<FaultRequestException>(() => latency.Read(new Dictionary<string, string?> { ["delay"] = "5", ["durationSeconds"] = "ten" }));
        Assert.Equal(["delay", "delayMs", "durationSeconds"], error.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("is not a parameter of latency (it takes delayMs, durationSeconds)", error.Errors["delay"][0], StringComparison.Ordinal);
        Assert.Equal("is required", error.Errors["delayMs"][0]);
        Assert.Contains("whole number", error.Errors["durationSeconds"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void An_instant_faults_parameters_may_be_left_out()
    {
        var crash = FaultCatalogue.Crash.Read(new Dictionary<string, string?>()).Value;
        Assert.Equal(new CrashFault(), crash);
    }

    [Fact]
    public void The_chaos_mesh_object_carries_the_requests_values()
    {
        var request = FaultCatalogue.Errors.Read(new Dictionary<string, string?> { ["rate"] = "0.25", ["status"] = "503", ["durationSeconds"] = "42" });
        var cluster = request.ChaosMesh(Pod);
        Assert.Equal("HTTPChaos", cluster.Kind);
        Assert.Equal(5101, cluster.Spec["port"]);
        Assert.Equal(503, ((ChaosMeshSpec)cluster.Spec["replace"])["code"]);
        Assert.Equal("42s", cluster.Spec["duration"]);
        Assert.Contains("25 %", cluster.Note, StringComparison.Ordinal);
    }

    /// <summary>What the switches do for a fault (internal to the library, typed by its record).</summary>
    private static object? Effect(SwitchFault fault, string name) =>
        fault.GetType().GetProperty(name, BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(fault);
}
