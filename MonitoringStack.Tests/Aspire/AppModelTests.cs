using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.AppHost;
using MonitoringStack.Faults;
using MonitoringStack.Hosting;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// The composition the AppHost builds, read from Aspire's application model (no container runtime
/// or DCP needed): names, images, mounts, ports, environment, parameters, health checks, wait order.
/// </summary>
public sealed class AppModelTests : IDisposable
{
    private readonly AppHostWorkspace _workspace = new(replicas: 3);

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task One_project_resource_per_replica_on_its_topology_port_without_proxy()
    {
        await using var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ContainersMode, "Parameters:replicas=3");

        var apis = builder.Resources.OfType<ProjectResource>().Where(r => r.Name.StartsWith("api-", StringComparison.Ordinal)).OrderBy(r => r.Name).ToList();
        Assert.Equal(["api-0", "api-1", "api-2"], apis.Select(a => a.Name));
        foreach (var (api, replica) in apis.Zip(_workspace.Topology.ApiReplicas))
        {
            var endpoint = Assert.Single(api.Annotations.OfType<EndpointAnnotation>(), e => e.Name == ApiReplicaResources.EndpointName);
            Assert.Equal(replica.Port, endpoint.Port);
            Assert.False(endpoint.IsProxied);
            Assert.Equal("http", endpoint.UriScheme);
            Assert.Contains(api.Annotations.OfType<HealthCheckAnnotation>(), _ => true);
        }
    }

    [Fact]
    public async Task Replica_count_parameter_changes_the_number_of_api_resources()
    {
        await using var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ContainersMode, "Parameters:replicas=1");

        // Every possible replica (maxReplicas) is a resource; those beyond the count wait for the scale command.
        var apis = builder.Resources.OfType<ProjectResource>().Where(r => r.Name.StartsWith("api-", StringComparison.Ordinal)).OrderBy(r => r.Name).ToList();
        Assert.Equal(["api-0", "api-1", "api-2"], apis.Select(a => a.Name));
        Assert.Equal(["api-1", "api-2"], apis.Where(a => a.Annotations.OfType<ExplicitStartupAnnotation>().Any()).Select(a => a.Name));
        var replicas = Assert.Single(builder.Resources.OfType<ParameterResource>(), p => p.Name == StackSettings.ReplicasParameter);
        Assert.False(replicas.Secret);
    }

    [Fact]
    public async Task Secrets_are_secret_parameters()
    {
        await using var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ContainersMode);

        var parameters = builder.Resources.OfType<ParameterResource>().ToDictionary(p => p.Name);
        Assert.True(parameters[StackParameters.GrafanaAdminPasswordName].Secret);
        Assert.True(parameters[StackParameters.ChaosTokenName].Secret);
    }

    [Fact]
    public async Task Api_replicas_get_identity_and_chaos_settings_in_their_environment()
    {
        await using var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ContainersMode);
        await using var app = await builder.BuildAsync();

        foreach (var api in builder.Resources.OfType<ProjectResource>().Where(r => r.Name.StartsWith("api-", StringComparison.Ordinal)))
        {
            var env = await EnvironmentOf(app, api);
            Assert.Equal(api.Name, env["Service__InstanceId"]);
            Assert.Equal("monitoringstack-api", env["Service__Name"]);
            Assert.Equal("true", env["Chaos__Enabled"]);
            Assert.Equal(AppHostWorkspace.ChaosToken, env["Chaos__Token"]);
        }
    }

    [Fact]
    public async Task Api_replicas_carry_every_fault_button()
    {
        await using var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ContainersMode);

        var api = builder.Resources.Single(r => r.Name == "api-0");
        var annotations = api.Annotations.OfType<ResourceCommandAnnotation>().ToDictionary(c => c.Name);
        var commands = annotations.Keys.ToHashSet();
        foreach (var fault in FaultCatalogue.Switches)
        {
            Assert.Contains(fault.CommandName, commands);
        }
        Assert.Contains("chaos-crash", commands);
        Assert.Contains("chaos-reset", commands);
        // A fault's arguments are its parameters, starting at the catalogue's preset.
        foreach (var fault in FaultCatalogue.Faults)
        {
            var arguments = annotations[fault.CommandName].Arguments;
            Assert.Equal(fault.Parameters.Select(p => p.Name), arguments.Select(a => a.Name));
            Assert.All(arguments, a => Assert.Equal(fault.Preset.Arguments[a.Name], a.Value));
        }
        Assert.Empty(annotations[FaultCatalogue.Reset.CommandName].Arguments);
        foreach (var fault in new[] { ProcessFaultCommands.Kill, ProcessFaultCommands.Pause, ProcessFaultCommands.Resume, ProcessFaultCommands.Partition, ProcessFaultCommands.Heal })
        {
            Assert.Contains(fault, commands);
        }
    }

    [Theory]
    [InlineData("prometheus", "prom/prometheus")]
    [InlineData("alertmanager", "prom/alertmanager")]
    [InlineData("grafana", "grafana/grafana")]
    [InlineData("nginx", "nginx")]
    [InlineData("nginx-exporter", "nginx/nginx-prometheus-exporter")]
    [InlineData("node-exporter", "prom/node-exporter")]
    public async Task Containers_use_pinned_images(string name, string image)
    {
        await using var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ContainersMode);

        var container = Assert.IsAssignableFrom<ContainerResource>(builder.Resources.Single(r => r.Name == name));
        var annotation = Assert.Single(container.Annotations.OfType<ContainerImageAnnotation>());
        Assert.Equal(image, annotation.Image);
        Assert.False(string.IsNullOrEmpty(annotation.Tag));
        Assert.NotEqual("latest", annotation.Tag);
    }

    [Theory]
    [InlineData("prometheus", "/etc/prometheus", "prometheus.yml")]
    [InlineData("alertmanager", "/etc/alertmanager", "alertmanager.yml")]
    [InlineData("nginx", "/etc/nginx", "conf.d/upstreams.conf")]
    [InlineData("nginx", "/etc/nginx", "nginx.conf")]
    [InlineData("grafana", "/etc/grafana/provisioning", "datasources/prometheus.yml")]
    public async Task Rendered_configs_are_bind_mounted_read_only(string name, string target, string file)
    {
        await using var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ContainersMode);

        var mounts = builder.Resources.Single(r => r.Name == name).Annotations.OfType<ContainerMountAnnotation>().ToList();
        var config = Assert.Single(mounts, m => m.Target == target);
        Assert.Equal(ContainerMountType.BindMount, config.Type);
        Assert.True(config.IsReadOnly);
        // The source is a rendered folder under the state directory, not config/ itself.
        Assert.StartsWith(_workspace.StateDirectory, config.Source, StringComparison.Ordinal);
        // Every template placeholder was filled (comments may still mention the ${placeholder} syntax).
        var rendered = File.ReadAllLines(Path.Combine(config.Source!, file)).Where(line => !line.TrimStart().StartsWith('#'));
        Assert.DoesNotContain(rendered, line => line.Contains("${", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rendered_prometheus_config_scrapes_the_replicas_through_the_container_host()
    {
        await using var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ContainersMode);

        var mount = builder.Resources.Single(r => r.Name == "prometheus").Annotations.OfType<ContainerMountAnnotation>().Single(m => m.Target == "/etc/prometheus");
        var targets = string.Join("\n", Directory.EnumerateFiles(mount.Source!, "*.json", SearchOption.AllDirectories).Select(File.ReadAllText));
        foreach (var replica in _workspace.Topology.ApiReplicas)
        {
            Assert.Contains($"host.docker.internal:{replica.Port}", targets, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("prometheus", "/prometheus")]
    [InlineData("alertmanager", "/alertmanager")]
    [InlineData("grafana", "/var/lib/grafana")]
    public async Task Data_lives_in_named_volumes(string name, string target)
    {
        await using var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ContainersMode);

        var volume = Assert.Single(builder.Resources.Single(r => r.Name == name).Annotations.OfType<ContainerMountAnnotation>(), m => m.Target == target);
        Assert.Equal(ContainerMountType.Volume, volume.Type);
        Assert.False(volume.IsReadOnly);
        Assert.StartsWith("monitoringstack-", volume.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Containers_publish_their_topology_ports()
    {
        await using var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ContainersMode);
        var ports = _workspace.Topology.Ports;

        Assert.Equal(ports.Prometheus, HttpPort(builder, "prometheus"));
        Assert.Equal(ports.Alertmanager, HttpPort(builder, "alertmanager"));
        Assert.Equal(ports.Grafana, HttpPort(builder, "grafana"));
        Assert.Equal(ports.Nginx, HttpPort(builder, "nginx"));
        var prometheus = builder.Resources.Single(r => r.Name == "prometheus").Annotations.OfType<EndpointAnnotation>().Single();
        Assert.Equal(ports.Prometheus, prometheus.TargetPort);
    }

    [Fact]
    public async Task Grafana_gets_its_admin_password_from_the_secret_parameter()
    {
        await using var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ContainersMode);
        await using var app = await builder.BuildAsync();

        var env = await EnvironmentOf(app, (IResourceWithEnvironment)builder.Resources.Single(r => r.Name == "grafana"));
        Assert.Equal("admin", env["GF_SECURITY_ADMIN_USER"]);
        Assert.Equal(AppHostWorkspace.GrafanaPassword, env["GF_SECURITY_ADMIN_PASSWORD"]);
    }

    [Fact]
    public async Task Start_order_follows_dependencies()
    {
        await using var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ContainersMode);

        Assert.Equal(["alertmanager"], WaitsFor(builder, "prometheus"));
        Assert.Equal(["prometheus"], WaitsFor(builder, "grafana"));
        Assert.Equal(_workspace.Topology.ApiReplicas.Select(r => r.Name).Order(), WaitsFor(builder, "nginx"));
        Assert.Equal(["nginx"], WaitsFor(builder, "nginx-exporter"));
        Assert.Equal(["nginx"], WaitsFor(builder, LoadGeneratorResource.Name));
    }

    [Fact]
    public async Task Load_generator_targets_nginx_and_starts_only_on_request()
    {
        await using var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ContainersMode);

        var loadgen = builder.Resources.Single(r => r.Name == LoadGeneratorResource.Name);
        Assert.IsType<ProjectResource>(loadgen);
        Assert.Contains(loadgen.Annotations, a => a is ExplicitStartupAnnotation);
        var metrics = Assert.Single(loadgen.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(_workspace.Topology.Ports.LoadGenMetrics, metrics.Port);
    }

    [Fact]
    public async Task Executables_option_runs_prometheus_alertmanager_and_nginx_from_the_host_with_local_configs()
    {
        await using var builder = await _workspace.CreateBuilderAsync(
            AppHostWorkspace.ExecutablesMode,
            // Any existing file will do: the model is only built, nothing is started.
            "Stack:Executables:Prometheus=/bin/sh",
            "Stack:Executables:Alertmanager=/bin/sh",
            "Stack:Executables:Nginx=/bin/sh");

        foreach (var name in new[] { "prometheus", "alertmanager", "nginx" })
        {
            var resource = Assert.IsAssignableFrom<ExecutableResource>(builder.Resources.Single(r => r.Name == name));
            Assert.Equal("/bin/sh", resource.Command);
        }
        Assert.DoesNotContain(builder.Resources, r => r is ContainerResource);

        await using var app = await builder.BuildAsync();
        var prometheus = (ExecutableResource)builder.Resources.Single(r => r.Name == "prometheus");
        var args = await ArgumentsOf(app, prometheus);
        var configArg = Assert.Single(args, a => a.StartsWith("--config.file=", StringComparison.Ordinal));
        var config = File.ReadAllText(configArg["--config.file=".Length..]);
        Assert.Contains($"127.0.0.1:{_workspace.Topology.Ports.Alertmanager}", config, StringComparison.Ordinal);
        Assert.Contains($"--web.listen-address=127.0.0.1:{_workspace.Topology.Ports.Prometheus}", args);
        // The AppHost serves its fault board on the topology's port, and the rendered config scrapes that port.
        var faults = Assert.Single(builder.Resources.OfType<FaultMetricsResource>());
        Assert.Equal(_workspace.Topology.Ports.FaultMetrics, faults.Port);
        Assert.Contains("- job_name: faults", config, StringComparison.Ordinal);
        Assert.Contains($"- targets: ['127.0.0.1:{faults.Port}']", config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fresh_data_switch_wipes_prometheus_and_alertmanager_data_and_without_it_data_stays()
    {
        var kept = Path.Combine(_workspace.StateDirectory, "prometheus", "data", "marker");
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        File.WriteAllText(kept, "samples");

        await using (var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ExecutablesMode))
        {
            Assert.True(File.Exists(kept));
        }
        await using (var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ExecutablesMode, "Stack:FreshData=true"))
        {
            Assert.False(File.Exists(kept));
        }
    }

    private static int? HttpPort(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.Single(r => r.Name == name).Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http").Port;

    private static List<string> WaitsFor(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.Single(r => r.Name == name).Annotations.OfType<WaitAnnotation>()
            .Select(w => w.Resource.Name).Order(StringComparer.Ordinal).ToList();

    // Built (not started) apps: parameters resolve through the app's execution context and services.
    private static async Task<Dictionary<string, string>> EnvironmentOf(DistributedApplication app, IResourceWithEnvironment resource)
    {
        var result = await ExecutionConfigurationBuilder.Create(resource)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(app.Services.GetRequiredService<DistributedApplicationExecutionContext>());
        return result.EnvironmentVariables.ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    private static async Task<List<string>> ArgumentsOf(DistributedApplication app, IResourceWithArgs resource)
    {
        var result = await ExecutionConfigurationBuilder.Create(resource)
            .WithArgumentsConfig()
            .BuildAsync(app.Services.GetRequiredService<DistributedApplicationExecutionContext>());
        return result.Arguments.Select(a => a.Value).ToList();
    }
}
