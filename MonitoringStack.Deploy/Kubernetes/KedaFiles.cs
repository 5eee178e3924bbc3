using System.Globalization;
using MonitoringStack.Topology;
using static MonitoringStack.Deploy.YamlText;

namespace MonitoringStack.Deploy.Kubernetes;

/// <summary>
/// deploy/kubernetes/overlays/keda/generated/scaledobject.yaml: the API scaled by KEDA's Prometheus scaler
/// on the AppHost autoscaler's own signal, target, bounds and behaviour (config/autoscaling.json), so the
/// cluster and the local stack scale alike instead of on CPU.
/// </summary>
internal static class KedaFiles
{
    public const string Folder = "deploy/kubernetes/overlays/keda/generated";

    public static IEnumerable<GeneratedFile> Generate(StackTopology topology, AutoscalingPolicy policy)
    {
        yield return new($"{Folder}/scaledobject.yaml", GeneratedHeader.For("config/autoscaling.json + config/topology.json") + Print(Map(
            ("apiVersion", S("keda.sh/v1alpha1")), ("kind", S("ScaledObject")),
            ("metadata", Map(("name", S("api")))),
            ("spec", Map(
                ("scaleTargetRef", Map(("name", S("api")))),
                ("minReplicaCount", N(policy.MinReplicas)),
                ("maxReplicaCount", N(policy.MaxReplicas)),
                // No cooldownPeriod: it only governs scaling to and from zero, and minReplicas is at least 1;
                // the scale-down window is the behaviour's.
                ("pollingInterval", N(15)),
                ("triggers", Seq(Map(
                    ("type", S("prometheus")),
                    // The summed signal divided by the per-replica target: the HPA's ceil(total / target),
                    // the AppHost's ceil(current × average / target).
                    ("metricType", S("AverageValue")),
                    ("metadata", Map(
                        ("serverAddress", S($"http://prometheus.monitoringstack.svc:{topology.Ports.Prometheus.ToString(CultureInfo.InvariantCulture)}")),
                        ("query", S(policy.Signal.TotalQuery)),
                        ("threshold", Quoted(policy.Signal.Target.ToString(CultureInfo.InvariantCulture)))))))),
                ("advanced", Map(("horizontalPodAutoscalerConfig", Map(("behavior", HpaBehavior.From(policy)))))))))));
    }
}
