using MonitoringStack.Topology;
using static MonitoringStack.Deploy.YamlText;

namespace MonitoringStack.Deploy.Kubernetes;

/// <summary>
/// deploy/kubernetes/base/generated/api-hpa-patch.yaml: the base HPA's bounds and behaviour from
/// config/autoscaling.json, the AppHost autoscaler's. A patch rather than the whole HPA, so its metric
/// (CPU: plain Kubernetes has no Prometheus metric without an adapter) stays in the hand-written
/// api-hpa.yaml with the reason beside it.
/// </summary>
internal static class ApiHpaPatch
{
    public const string FileName = "api-hpa-patch.yaml";

    public static GeneratedFile Generate(AutoscalingPolicy policy) =>
        new($"{KubernetesBaseFiles.Folder}/{FileName}", GeneratedHeader.For("config/autoscaling.json + config/topology.json") + Print(Map(
            ("apiVersion", S("autoscaling/v2")), ("kind", S("HorizontalPodAutoscaler")),
            ("metadata", Map(("name", S("api")))),
            ("spec", Map(
                ("minReplicas", N(policy.MinReplicas)),
                ("maxReplicas", N(policy.MaxReplicas)),
                ("behavior", HpaBehavior.From(policy)))))));
}
