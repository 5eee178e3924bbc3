using MonitoringStack.Deploy;
using MonitoringStack.Deploy.ChaosMesh;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Faults;
using MonitoringStack.Tests.Config;
using MonitoringStack.Tests.Deploy.Crd;

namespace MonitoringStack.Tests.Deploy;

/// <summary>
/// deploy/kubernetes/chaos-mesh: every fault experiment has its manifest or a note saying why not, every
/// object parses strictly into the fields Chaos Mesh documents, and every selector selects pods the base
/// actually runs.
/// </summary>
public sealed class ChaosMeshManifestTests
{
    private static readonly string[] Modes = ["one", "all", "fixed", "fixed-percent", "random-max-percent"];
    private static readonly string[] PodActions = ["pod-kill", "pod-failure", "container-kill"];
    private static readonly string[] NetworkActions = ["netem", "delay", "loss", "duplicate", "corrupt", "partition", "bandwidth"];
    private static readonly string[] Directions = ["to", "from", "both"];
    private static readonly string[] HttpTargets = ["Request", "Response"];

    private static string Folder => Path.Combine(RepositoryConfig.Root, "deploy", "kubernetes", "chaos-mesh");

    [Fact]
    public void Every_experiment_has_a_manifest_or_a_note()
    {
        var readme = File.ReadAllText(Path.Combine(Folder, "README.md"));
        foreach (var (name, path) in ExperimentLoader.Discover(Path.Combine(RepositoryConfig.Root, "experiments")))
        {
            Assert.Contains($"| {name} |", readme, StringComparison.Ordinal);
            var definition = ExperimentLoader.LoadFile(path);
            if (definition.Kind == ExperimentKinds.Resilience && definition.Method.Count > 0)
            {
                Assert.True(File.Exists(Path.Combine(Folder, name + ".yaml")), $"fault experiment {name} has no Chaos Mesh manifest");
            }
        }
    }

    [Fact]
    public void Every_manifest_parses_strictly_and_selects_pods_of_the_stack()
    {
        var apps = new HashSet<string>(StringComparer.Ordinal) { "api", "prometheus", "alertmanager" };
        var files = Directory.EnumerateFiles(Folder, "*.yaml").ToArray();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var objects = StrictObjects.Load(File.ReadAllText(file), Path.GetFileName(file));
            Assert.NotEmpty(objects);
            foreach (var chaos in objects.Cast<ICustomObject>())
            {
                var spec = Assert.IsAssignableFrom<ChaosSpecBase>(chaos.SpecObject);
                Assert.Contains(spec.Mode, Modes);
                Assert.Equal(["monitoringstack"], spec.Selector.Namespaces!);
                Assert.Contains(spec.Selector.LabelSelectors!["app.kubernetes.io/name"], apps);
                Assert.True(spec.Duration is null || System.Text.RegularExpressions.Regex.IsMatch(spec.Duration, @"^\d+(\.\d+)?(ms|s|m|h)$"), spec.Duration);
                Assert.True(chaos.Metadata.Annotations.ContainsKey("monitoringstack.io/at-seconds"));
                switch (spec)
                {
                    case PodChaosSpec pod:
                        Assert.Contains(pod.Action, PodActions);
                        Assert.True(pod.Action != "pod-failure" || pod.Duration is not null, "pod-failure needs a duration");
                        Assert.True(pod.Action != "container-kill" || pod.ContainerNames is { Count: > 0 }, "container-kill needs containerNames");
                        break;
                    case NetworkChaosSpec network:
                        Assert.Contains(network.Action, NetworkActions);
                        Assert.Contains(network.Direction, Directions);
                        break;
                    case StressChaosSpec stress:
                        Assert.True(stress.Stressors.Cpu is not null || stress.Stressors.Memory is not null);
                        break;
                    case HttpChaosSpec http:
                        Assert.Contains(http.Target, HttpTargets);
                        Assert.Equal(RepositoryConfig.Topology.ApiBasePort, http.Port);
                        break;
                    default:
                        Assert.Fail($"{file}: unexpected chaos kind {spec.GetType().Name}");
                        break;
                }
            }
        }
    }

    public static TheoryData<string> CatalogueFaults() => [.. FaultCatalogue.Faults.Select(f => f.Name)];

    /// <summary>
    /// Every fault of the catalogue becomes a Chaos Mesh object, not only those the shipped experiments use: a
    /// chaos step with the fault's preset maps to an object that parses strictly and selects one API pod.
    /// </summary>
    [Theory]
    [MemberData(nameof(CatalogueFaults))]
    public void Every_catalogue_fault_maps_to_a_chaos_mesh_object(string name)
    {
        var fault = FaultCatalogue.Find(name)!;
        var step = new FaultAction { At = 10, Action = "chaos", Target = "api-0", Fault = name, Body = fault.Preset.Arguments.ToDictionary(a => a.Key, a => (object)a.Value!) };

        var mapped = ChaosStepMapper.Map(step, RepositoryConfig.Topology);

        Assert.True(mapped.HasManifest, $"{name}: {mapped.Note}");
        var yaml = YamlText.Print(YamlText.Map(
            ("apiVersion", YamlText.S("chaos-mesh.org/v1alpha1")),
            ("kind", YamlText.S(mapped.Kind!)),
            ("metadata", YamlText.Map(("name", YamlText.S(name)), ("namespace", YamlText.S(ChaosStepMapper.Namespace)))),
            ("spec", mapped.Spec!)));
        var chaos = Assert.IsAssignableFrom<ICustomObject>(Assert.Single(StrictObjects.Load(yaml, name)));
        var spec = Assert.IsAssignableFrom<ChaosSpecBase>(chaos.SpecObject);
        Assert.Equal("one", spec.Mode);
        Assert.Equal("api", spec.Selector.LabelSelectors!["app.kubernetes.io/name"]);
        Assert.Equal(fault.Preset.ChaosMesh(new ChaosMeshPod(RepositoryConfig.Topology.ApiBasePort, "api", "/data*")).Note, mapped.Note);
    }
}
