using System.Globalization;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Topology;
using YamlDotNet.RepresentationModel;
using static MonitoringStack.Deploy.YamlText;

namespace MonitoringStack.Deploy.ChaosMesh;

/// <summary>
/// What each action of experiments/*.yaml is on a cluster with Chaos Mesh (chaos-mesh.org/v1alpha1).
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
        double Body(string key) => step.Body.TryGetValue(key, out var v)
            ? Convert.ToDouble(v, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"{step.Action}/{step.Fault}: the body has no '{key}'");
        var api = Selector("api");
        var apiPort = topology.ApiBasePort.ToString(CultureInfo.InvariantCulture);

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
            case (ActionKind.Chaos, "latency"):
                return new(step.At, step.Action, "HTTPChaos", Spec(("mode", S("one")), ("selector", api), ("target", S("Request")), ("port", S(apiPort)),
                        ("path", Quoted("/data*")), ("delay", S($"{Body("delayMs").ToString(CultureInfo.InvariantCulture)}ms")),
                        ("duration", S(Seconds(Body("durationSeconds"))))),
                    "HTTP requests to /data* of one pod are delayed (not /health or /metrics, so the probes and scrapes stay as they are; the API's own switch also spares them)");
            case (ActionKind.Chaos, "errors"):
                return new(step.At, step.Action, "HTTPChaos", Spec(("mode", S("one")), ("selector", api), ("target", S("Response")), ("port", S(apiPort)),
                        ("path", Quoted("/data*")), ("replace", YamlText.Map(("code", S(Body("status").ToString(CultureInfo.InvariantCulture))))),
                        ("duration", S(Seconds(Body("durationSeconds"))))),
                    $"responses of /data* on one pod get status {Body("status")}; HTTPChaos has no rate, so every matching response fails instead of {Body("rate"):P0}");
            case (ActionKind.Chaos, "cpu"):
                return new(step.At, step.Action, "StressChaos", Spec(("mode", S("one")), ("selector", api), ("containerNames", Seq(S("api"))),
                        ("stressors", YamlText.Map(("cpu", YamlText.Map(("workers", S(Body("threads").ToString(CultureInfo.InvariantCulture))), ("load", S("100")))))),
                        ("duration", S(Seconds(Body("durationSeconds"))))),
                    "CPU burners in the API container's cgroup; HighCPUUsage reads the API process's own CPU, so it does not fire on them: watch cAdvisor's container_cpu_usage_seconds_total, or use the API's cpu switch (Chaos:Enabled) for the alert");
            case (ActionKind.Chaos, "memory"):
                return new(step.At, step.Action, "StressChaos", Spec(("mode", S("one")), ("selector", api), ("containerNames", Seq(S("api"))),
                        ("stressors", YamlText.Map(("memory", YamlText.Map(("workers", S("1")), ("size", S($"{Body("megabytes").ToString(CultureInfo.InvariantCulture)}MB")))))),
                        ("duration", S(Seconds(Body("durationSeconds"))))),
                    "memory held in the API container's cgroup by another process; MemoryPressure reads the API process's own memory, so only the container view (cAdvisor's container_memory_working_set_bytes, or an OOM kill at the limit) sees it");
            case (ActionKind.Chaos, "hang"):
                return new(step.At, step.Action, "PodChaos", Spec(("action", S("pod-failure")), ("mode", S("one")), ("selector", api), ("duration", S(Seconds(Body("seconds"))))),
                    "the pod stops answering for the hang's length");
            case (ActionKind.Chaos, "crash"):
                return new(step.At, step.Action, "PodChaos", Spec(("action", S("container-kill")), ("mode", S("one")), ("selector", api), ("containerNames", Seq(S("api")))),
                    "the API container is killed and restarted in the same pod (same instance label), so ReplicaRestarted sees its counters reset");
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

    private static double Required(double? value, string name) =>
        value ?? throw new InvalidOperationException($"the step needs {name} for a cluster fault with a duration");

    private static YamlMappingNode Selector(string app) => YamlText.Map(
        ("namespaces", Seq(S(Namespace))),
        ("labelSelectors", YamlText.Map(("app.kubernetes.io/name", S(app)))));

    private static YamlMappingNode Spec(params (string, YamlNode)[] entries) => YamlText.Map(entries);
}
