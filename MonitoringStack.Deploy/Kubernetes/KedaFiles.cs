using System.Globalization;
using MonitoringStack.Topology;
using static MonitoringStack.Deploy.YamlText;

namespace MonitoringStack.Deploy.Kubernetes;

/// <summary>
/// deploy/kubernetes/overlays/keda/generated/scaledobject.yaml: scale the API on request rate per pod
/// (from the recording rule the alerts already use) instead of CPU, between the topology's counts.
/// </summary>
internal static class KedaFiles
{
    public const string Folder = "deploy/kubernetes/overlays/keda/generated";

    /// <summary>
    /// Requests/s per replica KEDA aims at: 3/4 of the ~80 orders/s one replica serves before it sheds
    /// (Work:MaxConcurrency 4 slots of ~50 ms each, docs/benchmarks.md), so new pods start before shedding.
    /// </summary>
    public const int TargetRequestsPerSecondPerPod = 60;

    public static IEnumerable<GeneratedFile> Generate(StackTopology topology)
    {
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        yield return new($"{Folder}/scaledobject.yaml", GeneratedHeader.For("config/topology.json") + Print(Map(
            ("apiVersion", S("keda.sh/v1alpha1")), ("kind", S("ScaledObject")),
            ("metadata", Map(("name", S("api")))),
            ("spec", Map(
                ("scaleTargetRef", Map(("name", S("api")))),
                ("minReplicaCount", S(I(topology.Replicas))),
                ("maxReplicaCount", S(I(topology.MaxReplicas))),
                ("pollingInterval", S("15")),
                ("cooldownPeriod", S("300")),
                ("triggers", Seq(Map(
                    ("type", S("prometheus")),
                    ("metadata", Map(
                        ("serverAddress", S($"http://prometheus.monitoringstack.svc:{I(topology.Ports.Prometheus)}")),
                        // The whole service's rate: KEDA divides it by the threshold to get the replica count.
                        ("query", S("sum(job_instance:http_server_requests:rate1m{job=\"api\"})")),
                        ("threshold", Quoted(I(TargetRequestsPerSecondPerPod)))))))))))));
    }
}
