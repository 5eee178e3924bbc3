using System.Globalization;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Faults;
using MonitoringStack.Topology;
using YamlDotNet.RepresentationModel;
using static MonitoringStack.Deploy.YamlText;

namespace MonitoringStack.Deploy.ChaosMesh;

/// <summary>
/// What each action of experiments/*.yaml is on a cluster with Chaos Mesh (chaos-mesh.org/v1alpha1): the API's
/// switches as <see cref="FaultCatalogue"/> maps them, the process faults and restarts here.
/// A replica named api-N locally is "one pod of the api Deployment, picked by Chaos Mesh" (mode: one):
/// pods have no stable index. Rollback actions (resume, heal, chaos-reset) have no object of their own:
/// a Chaos Mesh fault ends after its duration, or when its object is deleted.
/// </summary>
internal static class ChaosStepMapper
{
    public const string Namespace = "monitoringstack";

    public static ChaosStep Map(FaultAction step, StackTopology topology)
    {
        string Seconds(double s) => $"{s.ToString("0.###", CultureInfo.InvariantCulture)}s";
        var api = Selector("api");

        // On the typed action (ActionKind), so a renamed action string in the YAML vocabulary cannot slip past.
        switch (step.Kind, step.Fault)
        {
            case (ActionKind.Kill, _):
                return new(step.At, step.Action, "PodChaos", Spec(("action", S("pod-kill")), ("mode", S("one")), ("selector", api), ("gracePeriod", S("0"))),
                    "SIGKILL of one API pod; the Deployment replaces it at once under a new name, so AppDown fires only if a scrape lands before the old target leaves discovery"
                    + (step.KeepDownSeconds is { } k ? $" (keepDownSeconds {k} has no equivalent: hang-replica's pod-failure keeps a pod down)" : ""));
            case (ActionKind.Pause, _):
                return new(step.At, step.Action, "PodChaos", Spec(("action", S("pod-failure")), ("mode", S("one")), ("selector", api), ("duration", S(Seconds(Required(step.DurationSeconds, "durationSeconds"))))),
                    "the pod stops answering (its container is swapped for a pause image) for the fault's duration, as SIGSTOP does locally");
            case (ActionKind.Partition, _):
                return new(step.At, step.Action, "NetworkChaos", Spec(("action", S("partition")), ("mode", S("one")), ("selector", api),
                        ("direction", S("both")),
                        ("target", YamlText.Map(("mode", S("all")), ("selector", YamlText.Map(("namespaces", Seq(S(Namespace))))))),
                        ("duration", S(Seconds(Required(step.DurationSeconds, "durationSeconds"))))),
                    "one API pod cut off from every pod of the namespace (nginx, Prometheus), as the iptables DROP locally");
            case (ActionKind.Chaos, _):
                // The catalogue says what each API fault is with Chaos Mesh: a fault cannot exist without it.
                var cluster = ExperimentActions.ChaosRequest(step).ChaosMesh(new ChaosMeshPod(topology.ApiBasePort, ApiContainer, ApiRoutes));
                var entries = new List<(string, YamlNode)>();
                if (cluster.Action is { } clusterAction)
                {
                    entries.Add(("action", S(clusterAction)));
                }
                entries.Add(("mode", S("one")));
                entries.Add(("selector", api));
                entries.AddRange(cluster.Spec.Entries.Select(e => (e.Key, Node(e.Value))));
                return new(step.At, step.Action, cluster.Kind, Spec([.. entries]), cluster.Note);
            case (ActionKind.RestartPrometheus, _):
                return new(step.At, step.Action, "PodChaos", Spec(("action", S("pod-kill")), ("mode", S("one")), ("selector", Selector("prometheus"))),
                    "the Prometheus pod is killed and recreated on its PersistentVolumeClaim (WAL replay)");
            case (ActionKind.RestartAlertmanager, _):
                return new(step.At, step.Action, "PodChaos", Spec(("action", S("pod-kill")), ("mode", S("one")), ("selector", Selector("alertmanager"))),
                    "the Alertmanager pod is killed; the StatefulSet recreates it on its volume (silences and notification log kept)");
            default:
                return new(step.At, step.Action, null, null, step.Kind is ActionKind.Resume or ActionKind.Heal or ActionKind.ChaosReset
                    ? "a rollback: the Chaos Mesh fault ends by its duration or when its object is deleted"
                    : $"no Chaos Mesh equivalent for '{step.Action}{(step.Fault is null ? "" : "/" + step.Fault)}'");
        }
    }

    /// <summary>The API's container in the Deployment.</summary>
    private const string ApiContainer = "api";

    /// <summary>The API's application routes: HTTP faults hit these, not the probes or /metrics.</summary>
    private const string ApiRoutes = "/data*";

    /// <summary>A value of a catalogue spec as YAML (a path with a glob stays quoted).</summary>
    private static YamlNode Node(object value) => value switch
    {
        int number => N(number),
        string text when text.Contains('*', StringComparison.Ordinal) => Quoted(text),
        string text => S(text),
        ChaosMeshSpec spec => YamlText.Map([.. spec.Entries.Select(e => (e.Key, Node(e.Value)))]),
        IReadOnlyList<string> items => Seq([.. items.Select(S)]),
        _ => throw new InvalidOperationException($"not a Chaos Mesh spec value: {value}"),
    };

    private static double Required(double? value, string name) =>
        value ?? throw new InvalidOperationException($"the step needs {name} for a cluster fault with a duration");

    private static YamlMappingNode Selector(string app) => YamlText.Map(
        ("namespaces", Seq(S(Namespace))),
        ("labelSelectors", YamlText.Map(("app.kubernetes.io/name", S(app)))));

    private static YamlMappingNode Spec(params (string, YamlNode)[] entries) => YamlText.Map(entries);
}
