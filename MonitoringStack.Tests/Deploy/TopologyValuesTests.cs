using k8s.Models;
using MonitoringStack.Tests.Config;

namespace MonitoringStack.Tests.Deploy;

/// <summary>
/// The ports and replica count of the rendered cluster are config/topology.json's (put there by the
/// base's replacements), and no placeholder 0 is left anywhere. The HPA's bounds are config/autoscaling.json's
/// (<see cref="AutoscalingManifestTests"/>).
/// </summary>
public sealed class TopologyValuesTests
{
    [RequiresToolFact("kubectl", Kustomize.HowToGetIt)]
    public async Task Ports_probes_and_the_replica_count_come_from_the_topology()
    {
        var objects = StrictObjects.Load(await Kustomize.RenderAsync("deploy/kubernetes/overlays/kind"), "kind");
        var topology = RepositoryConfig.Topology;
        var deployments = objects.OfType<V1Deployment>().ToDictionary(d => d.Metadata.Name, StringComparer.Ordinal);
        var services = objects.OfType<V1Service>().ToDictionary(s => s.Metadata.Name, StringComparer.Ordinal);

        var api = deployments["api"];
        Assert.Equal(topology.Replicas, api.Spec.Replicas);
        var container = api.Spec.Template.Spec.Containers.Single();
        Assert.Equal(topology.ApiBasePort, container.Ports.Single(p => p.Name == "http").ContainerPort);
        Assert.Equal(topology.ApiBasePort.ToString(System.Globalization.CultureInfo.InvariantCulture), api.Spec.Template.Metadata.Annotations["prometheus.io/port"]);
        Assert.Equal(topology.ApiBasePort.ToString(System.Globalization.CultureInfo.InvariantCulture), container.Env.Single(e => e.Name == "ASPNETCORE_HTTP_PORTS").Value);
        Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
        Assert.NotNull(container.Lifecycle.PreStop);
        Assert.NotNull(container.Resources.Requests);
        Assert.NotNull(container.Resources.Limits);

        Assert.Equal(topology.ApiBasePort, services["api"].Spec.Ports.Single().Port);
        Assert.Equal(topology.Ports.Nginx, services["nginx"].Spec.Ports.Single().Port);
        Assert.Equal(topology.Ports.Prometheus, services["prometheus"].Spec.Ports.Single().Port);
        Assert.Equal(topology.Ports.Alertmanager, services["alertmanager"].Spec.Ports.Single().Port);
        Assert.Equal(topology.Ports.Grafana, services["grafana"].Spec.Ports.Single().Port);
        Assert.Equal(topology.Ports.WebhookReceiver, services["alert-receiver"].Spec.Ports.Single().Port);
        Assert.Equal(topology.Ports.NginxExporter, services["nginx-exporter"].Spec.Ports.Single().Port);
        Assert.Equal($"http://nginx:{topology.Ports.Nginx}", deployments["loadgen"].Spec.Template.Spec.Containers.Single().Env.Single(e => e.Name == "LoadGen__Target").Value);

        var pods = objects.OfType<V1Deployment>().Select(d => d.Spec.Template.Spec)
            .Concat(objects.OfType<V1StatefulSet>().Select(s => s.Spec.Template.Spec));
        Assert.All(pods.SelectMany(p => p.Containers).SelectMany(c => c.Ports ?? []), p => Assert.True(p.ContainerPort > 0, $"containerPort {p.Name} left at 0"));
        Assert.All(pods.SelectMany(p => p.Containers).SelectMany(c => c.Env ?? []).Where(e => e.Value is not null),
            e => Assert.False(e.Value == "0", $"env {e.Name} left at the placeholder 0"));
        Assert.All(services.Values.SelectMany(s => s.Spec.Ports), p => Assert.True(p.Port > 0, $"Service port {p.Name} left at 0"));
    }

    [RequiresToolFact("kubectl", Kustomize.HowToGetIt)]
    public async Task Images_are_the_versions_the_AppHost_runs_as_containers()
    {
        var objects = StrictObjects.Load(await Kustomize.RenderAsync("deploy/kubernetes/overlays/kind"), "kind");
        var images = objects.OfType<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers)
            .Concat(objects.OfType<V1StatefulSet>().SelectMany(s => s.Spec.Template.Spec.Containers))
            .Select(c => c.Image).ToHashSet(StringComparer.Ordinal);
        foreach (var pinned in new[]
        {
            MonitoringStack.Hosting.ContainerImage.Prometheus, MonitoringStack.Hosting.ContainerImage.Alertmanager,
            MonitoringStack.Hosting.ContainerImage.Grafana, MonitoringStack.Hosting.ContainerImage.Nginx,
            MonitoringStack.Hosting.ContainerImage.NginxExporter,
        })
        {
            Assert.Contains($"{pinned.Image}:{pinned.Tag}", images);
        }
    }
}
