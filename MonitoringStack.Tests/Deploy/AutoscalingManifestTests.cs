using System.Globalization;
using k8s.Models;
using MonitoringStack.Tests.Config;
using MonitoringStack.Topology;
using MonitoringStack.Tests.Deploy.Crd;

namespace MonitoringStack.Tests.Deploy;

/// <summary>
/// The cluster scales as the AppHost's autoscaler does, from config/autoscaling.json: the KEDA ScaledObject
/// has its query, target, bounds and behaviour; the base HPA its bounds and behaviour (its metric stays CPU).
/// Read as kubectl kustomize renders them, so the base's patch is checked as applied.
/// </summary>
public sealed class AutoscalingManifestTests
{
    private static readonly AutoscalingPolicy Policy = RepositoryConfig.Autoscaling;

    [RequiresToolFact("kubectl", Kustomize.HowToGetIt)]
    public async Task The_keda_scaled_object_scales_on_the_autoscalers_signal_target_and_behaviour()
    {
        var objects = StrictObjects.Load(await Kustomize.RenderAsync("deploy/kubernetes/overlays/keda"), "keda");
        Assert.Empty(objects.OfType<V2HorizontalPodAutoscaler>()); // KEDA creates and owns the HPA

        var scaledObject = Assert.Single(objects.OfType<CustomObject<ScaledObjectSpec>>()).Spec!;
        Assert.Equal("api", scaledObject.ScaleTargetRef.Name);
        Assert.Equal(Policy.MinReplicas, scaledObject.MinReplicaCount);
        Assert.Equal(Policy.MaxReplicas, scaledObject.MaxReplicaCount);
        var trigger = Assert.Single(scaledObject.Triggers);
        Assert.Equal("prometheus", trigger.Type);
        Assert.Equal("AverageValue", trigger.MetricType);
        Assert.Equal(Policy.Signal.TotalQuery, trigger.Metadata["query"]);
        Assert.Equal(Policy.Signal.Target, double.Parse(trigger.Metadata["threshold"], CultureInfo.InvariantCulture));
        AssertBehaviourIsTheFiles(scaledObject.Advanced?.HorizontalPodAutoscalerConfig?.Behavior);
    }

    [RequiresToolFact("kubectl", Kustomize.HowToGetIt)]
    public async Task The_base_hpa_has_the_autoscalers_bounds_and_behaviour_on_cpu()
    {
        var objects = StrictObjects.Load(await Kustomize.RenderAsync("deploy/kubernetes/overlays/kind"), "kind");

        var hpa = Assert.Single(objects.OfType<V2HorizontalPodAutoscaler>()).Spec;
        Assert.Equal("api", hpa.ScaleTargetRef.Name);
        Assert.Equal(Policy.MinReplicas, hpa.MinReplicas);
        Assert.Equal(Policy.MaxReplicas, hpa.MaxReplicas);
        // No Prometheus metric in plain Kubernetes without an adapter (docs/autoscaling.md).
        Assert.Equal("cpu", Assert.Single(hpa.Metrics).Resource.Name);
        AssertBehaviourIsTheFiles(hpa.Behavior);
    }

    [Fact]
    public void The_tolerance_is_the_controllers_default_because_no_manifest_can_carry_another()
    {
        // The per-HPA tolerance field is alpha (Kubernetes 1.33), so the cluster uses the controller's 10 %
        // whatever config/autoscaling.json says: another value there would scale the two differently.
        Assert.Equal(0.1, Policy.Tolerance);
    }

    private static void AssertBehaviourIsTheFiles(V2HorizontalPodAutoscalerBehavior? behaviour)
    {
        Assert.NotNull(behaviour);
        Assert.Equal<double?>(Policy.ScaleUp.StabilizationWindowSeconds, behaviour.ScaleUp.StabilizationWindowSeconds);
        // One step adds at most max(percent, pods) per HPA period; a limit of 0 is left out (the API refuses it).
        (string, int, int)[] policies = [("Percent", Policy.ScaleUp.Percent, 15), ("Pods", Policy.ScaleUp.Pods, 15)];
        Assert.Equal(policies.Where(p => p.Item2 > 0), behaviour.ScaleUp.Policies.Select(p => (p.Type, p.Value, p.PeriodSeconds)));
        Assert.Equal("Max", behaviour.ScaleUp.SelectPolicy);
        Assert.Equal<double?>(Policy.ScaleDown.StabilizationWindowSeconds, behaviour.ScaleDown.StabilizationWindowSeconds);
        // The HPA's default scale-down policy (100 % per 15 s), like the AppHost: only the window holds replicas.
        Assert.Null(behaviour.ScaleDown.Policies);
    }
}
