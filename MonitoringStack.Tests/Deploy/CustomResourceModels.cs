using k8s.Models;

// The fields of the custom resources we generate, as their projects document them (prometheus-operator
// monitoring.coreos.com/v1 API reference, KEDA's ScaledObject spec, Chaos Mesh chaos-mesh.org/v1alpha1 API
// reference). KubernetesClient has no models for CRDs; these let its strict deserializer reject any
// field the real API would not know. Only the fields we use or may use are listed: an unlisted field
// fails the test and must be checked against the documentation before it is added here.
#pragma warning disable CA1002, CA1056, CA2227, CA1716 // plain DTOs shaped like the API, not a library surface
namespace MonitoringStack.Tests.Deploy.Crd;

/// <summary>What the tests read of any custom object, whatever its spec type.</summary>
public interface ICustomObject
{
    V1ObjectMeta Metadata { get; }
    object? SpecObject { get; }
}

public class CustomObject<TSpec> : ICustomObject
{
    object? ICustomObject.SpecObject => Spec;

    public string ApiVersion { get; set; } = "";
    public string Kind { get; set; } = "";
    public V1ObjectMeta Metadata { get; set; } = new();
    public TSpec? Spec { get; set; }
}

public sealed class LabelSelector
{
    public Dictionary<string, string>? MatchLabels { get; set; }
}

public sealed class RelabelConfig
{
    public List<string>? SourceLabels { get; set; }
    public string? TargetLabel { get; set; }
    public string? Regex { get; set; }
    public string? Replacement { get; set; }
    public string? Action { get; set; }
}

// monitoring.coreos.com/v1
public sealed class PodMonitorSpec
{
    public string? JobLabel { get; set; }
    public LabelSelector Selector { get; set; } = new();
    public List<PodMetricsEndpoint> PodMetricsEndpoints { get; set; } = [];
}

public sealed class PodMetricsEndpoint
{
    public string? Port { get; set; }
    public string? Path { get; set; }
    public string? Interval { get; set; }
    public string? ScrapeTimeout { get; set; }
    public List<RelabelConfig>? Relabelings { get; set; }
    public List<RelabelConfig>? MetricRelabelings { get; set; }
}

public sealed class ServiceMonitorSpec
{
    public LabelSelector Selector { get; set; } = new();
    public List<ServiceMonitorEndpoint> Endpoints { get; set; } = [];
}

public sealed class ServiceMonitorEndpoint
{
    public string? Port { get; set; }
    public string? Path { get; set; }
    public string? Interval { get; set; }
    public List<RelabelConfig>? Relabelings { get; set; }
}

public sealed class PrometheusRuleSpec
{
    public List<RuleGroup> Groups { get; set; } = [];
}

public sealed class RuleGroup
{
    public string Name { get; set; } = "";
    public string? Interval { get; set; }
    public List<Rule> Rules { get; set; } = [];
}

public sealed class Rule
{
    public string? Record { get; set; }
    public string? Alert { get; set; }
    public string Expr { get; set; } = "";
    public string? For { get; set; }
    public string? KeepFiringFor { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public Dictionary<string, string>? Annotations { get; set; }
}

public sealed class PrometheusSpec
{
    public int? Replicas { get; set; }
    public string? ServiceAccountName { get; set; }
    public string? ScrapeInterval { get; set; }
    public string? ScrapeTimeout { get; set; }
    public string? EvaluationInterval { get; set; }
    public Dictionary<string, string>? ExternalLabels { get; set; }
    public string? Retention { get; set; }
    public LabelSelector? PodMonitorSelector { get; set; }
    public LabelSelector? ServiceMonitorSelector { get; set; }
    public LabelSelector? RuleSelector { get; set; }
    public PrometheusAlerting? Alerting { get; set; }
    public PrometheusStorage? Storage { get; set; }
}

public sealed class PrometheusAlerting
{
    public List<AlertmanagerEndpoint> Alertmanagers { get; set; } = [];
}

public sealed class AlertmanagerEndpoint
{
    public string Name { get; set; } = "";
    public string? Namespace { get; set; }
    public IntOrString? Port { get; set; }
}

public sealed class PrometheusStorage
{
    public PersistentVolumeClaimTemplate? VolumeClaimTemplate { get; set; }
}

public sealed class PersistentVolumeClaimTemplate
{
    public V1PersistentVolumeClaimSpec? Spec { get; set; }
}

// keda.sh/v1alpha1
public sealed class ScaledObjectSpec
{
    public ScaleTargetRef ScaleTargetRef { get; set; } = new();
    public int? MinReplicaCount { get; set; }
    public int? MaxReplicaCount { get; set; }
    public int? PollingInterval { get; set; }
    public int? CooldownPeriod { get; set; }
    public List<ScaleTrigger> Triggers { get; set; } = [];
    public ScaledObjectAdvanced? Advanced { get; set; }
}

public sealed class ScaledObjectAdvanced
{
    public HorizontalPodAutoscalerConfig? HorizontalPodAutoscalerConfig { get; set; }
}

/// <summary>What KEDA passes on to the HPA it creates; the behaviour is the HPA's own type.</summary>
public sealed class HorizontalPodAutoscalerConfig
{
    public V2HorizontalPodAutoscalerBehavior? Behavior { get; set; }
}

public sealed class ScaleTargetRef
{
    public string? ApiVersion { get; set; }
    public string? Kind { get; set; }
    public string Name { get; set; } = "";
}

public sealed class ScaleTrigger
{
    public string Type { get; set; } = "";
    /// <summary>AverageValue | Value | Utilization</summary>
    public string? MetricType { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
}

// chaos-mesh.org/v1alpha1
public sealed class ChaosSelector
{
    public List<string>? Namespaces { get; set; }
    public Dictionary<string, string>? LabelSelectors { get; set; }
    public Dictionary<string, List<string>>? Pods { get; set; }
}

public abstract class ChaosSpecBase
{
    /// <summary>one | all | fixed | fixed-percent | random-max-percent</summary>
    public string Mode { get; set; } = "";
    public string? Value { get; set; }
    public ChaosSelector Selector { get; set; } = new();
    public string? Duration { get; set; }
}

public sealed class PodChaosSpec : ChaosSpecBase
{
    /// <summary>pod-kill | pod-failure | container-kill</summary>
    public string Action { get; set; } = "";
    public long? GracePeriod { get; set; }
    public List<string>? ContainerNames { get; set; }
}

public sealed class NetworkChaosSpec : ChaosSpecBase
{
    /// <summary>netem | delay | loss | duplicate | corrupt | partition | bandwidth</summary>
    public string Action { get; set; } = "";
    public string? Direction { get; set; }
    public ChaosTarget? Target { get; set; }
    public List<string>? ExternalTargets { get; set; }
    public DelaySpec? Delay { get; set; }
}

public sealed class ChaosTarget
{
    public string Mode { get; set; } = "";
    public string? Value { get; set; }
    public ChaosSelector Selector { get; set; } = new();
}

public sealed class DelaySpec
{
    public string Latency { get; set; } = "";
    public string? Jitter { get; set; }
    public string? Correlation { get; set; }
}

public sealed class StressChaosSpec : ChaosSpecBase
{
    public Stressors Stressors { get; set; } = new();
    public List<string>? ContainerNames { get; set; }
}

public sealed class Stressors
{
    public CpuStressor? Cpu { get; set; }
    public MemoryStressor? Memory { get; set; }
}

public sealed class CpuStressor
{
    public int Workers { get; set; }
    public int? Load { get; set; }
}

public sealed class MemoryStressor
{
    public int Workers { get; set; }
    public string? Size { get; set; }
}

public sealed class HttpChaosSpec : ChaosSpecBase
{
    /// <summary>Request | Response</summary>
    public string Target { get; set; } = "";
    public int Port { get; set; }
    public string? Path { get; set; }
    public string? Method { get; set; }
    public int? Code { get; set; }
    public bool? Abort { get; set; }
    public string? Delay { get; set; }
    public HttpReplace? Replace { get; set; }
}

public sealed class HttpReplace
{
    public int? Code { get; set; }
    public string? Body { get; set; }
}

/// <summary>apiVersion/kind → model, in the form KubernetesYaml's type map takes.</summary>
public static class CustomResourceTypes
{
    public static IReadOnlyDictionary<string, Type> Map { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["monitoring.coreos.com/v1/PodMonitor"] = typeof(CustomObject<PodMonitorSpec>),
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(CustomObject<ServiceMonitorSpec>),
        ["monitoring.coreos.com/v1/PrometheusRule"] = typeof(CustomObject<PrometheusRuleSpec>),
        ["monitoring.coreos.com/v1/Prometheus"] = typeof(CustomObject<PrometheusSpec>),
        ["keda.sh/v1alpha1/ScaledObject"] = typeof(CustomObject<ScaledObjectSpec>),
        ["chaos-mesh.org/v1alpha1/PodChaos"] = typeof(CustomObject<PodChaosSpec>),
        ["chaos-mesh.org/v1alpha1/NetworkChaos"] = typeof(CustomObject<NetworkChaosSpec>),
        ["chaos-mesh.org/v1alpha1/StressChaos"] = typeof(CustomObject<StressChaosSpec>),
        ["chaos-mesh.org/v1alpha1/HTTPChaos"] = typeof(CustomObject<HttpChaosSpec>),
    };
}
