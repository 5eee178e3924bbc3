using Aspire.Hosting.ApplicationModel;
using MonitoringStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Grafana for an Aspire application: Prometheus as provisioned datasource, dashboards from a folder.</summary>
public static class GrafanaResourceBuilderExtensions
{
    private static readonly ComponentRecipe Recipe = new(
        ContainerImage.Grafana, HostProgram.Grafana, DefaultPort: 3000,
        ConfigMountPath: "/etc/grafana/provisioning", ContainerDataPath: "/var/lib/grafana", HealthPath: "/api/health", DisplayText: "Grafana");

    /// <summary>
    /// Adds Grafana (sign-up off, no usage reporting). The admin user is "admin"; its password is the secret
    /// parameter <c>&lt;name&gt;-admin-password</c> (generated once and kept in user secrets unless you set it),
    /// or <paramref name="adminPassword"/>.
    /// </summary>
    public static IResourceBuilder<IGrafanaResource> AddGrafana(
        this IDistributedApplicationBuilder builder, string name, int? port = null, IResourceBuilder<ParameterResource>? adminPassword = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var password = adminPassword?.Resource ?? ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"{name}-admin-password", special: false);
        var grafana = MonitoringComponent.Add<IGrafanaResource, GrafanaContainerResource, GrafanaExecutableResource>(
            builder, name, port, Recipe,
            layout => new GrafanaContainerResource(name, layout),
            (command, directory, layout) => new GrafanaExecutableResource(name, command, directory, layout));
        var resource = grafana.Resource;
        grafana
            .WithEnvironment("GF_SECURITY_ADMIN_USER", "admin")
            .WithEnvironment("GF_SECURITY_ADMIN_PASSWORD", password)
            .WithEnvironment("GF_USERS_ALLOW_SIGN_UP", "false")
            .WithEnvironment("GF_ANALYTICS_REPORTING_ENABLED", "false")
            .WithEnvironment("GF_ANALYTICS_CHECK_FOR_UPDATES", "false")
            .WithEnvironment(context =>
            {
                var endpoint = resource.GetEndpoint(MonitoringComponent.HttpEndpoint);
                context.EnvironmentVariables["GF_SERVER_HTTP_PORT"] = endpoint.Property(EndpointProperty.TargetPort);
                if (resource.Layout.Runtime == MonitoringRuntime.Executable)
                {
                    context.EnvironmentVariables["GF_SERVER_HTTP_ADDR"] = "127.0.0.1";
                    context.EnvironmentVariables["GF_PATHS_DATA"] = resource.Layout.DataDirectory;
                    context.EnvironmentVariables["GF_PATHS_PROVISIONING"] = resource.Layout.ConfigDirectory;
                }
            })
            .OnBeforeResourceStarted((g, _, _) =>
            {
                if (!g.Layout.UserConfiguration)
                {
                    GrafanaProvisioningWriter.Write(builder, g);
                }
                return Task.CompletedTask;
            });
        if (resource is GrafanaExecutableResource executable)
        {
            // "grafana server" is the current CLI, "grafana-server" the older one; both need the install's home folder.
            var parent = Directory.GetParent(Path.GetDirectoryName(Path.GetFullPath(executable.Command))!)?.FullName;
            var home = parent is not null && Directory.Exists(Path.Combine(parent, "conf")) ? parent : "/usr/share/grafana";
            grafana.WithArgs(Path.GetFileName(executable.Command) == "grafana" ? ["server", "--homepath", home] : ["--homepath", home]);
        }
        return grafana;
    }

    /// <summary>Provisions <paramref name="prometheus"/> as a datasource (the first one is the default), and starts after it.</summary>
    public static IResourceBuilder<IGrafanaResource> WithDatasource(this IResourceBuilder<IGrafanaResource> grafana, IResourceBuilder<IPrometheusResource> prometheus)
    {
        ArgumentNullException.ThrowIfNull(grafana);
        ArgumentNullException.ThrowIfNull(prometheus);
        grafana.Resource.Settings.Datasources.Add(prometheus.Resource);
        return grafana.WaitFor(prometheus);
    }

    /// <summary>Provisions every dashboard JSON file under <paramref name="folder"/> (relative to the AppHost's folder), read-only.</summary>
    public static IResourceBuilder<IGrafanaResource> WithDashboards(this IResourceBuilder<IGrafanaResource> grafana, string folder)
    {
        ArgumentNullException.ThrowIfNull(grafana);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var full = Path.GetFullPath(folder, grafana.ApplicationBuilder.AppHostDirectory);
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"dashboards folder {full} does not exist");
        }
        grafana.Resource.Settings.DashboardsFolder = full;
        if (grafana.Resource is ContainerResource container)
        {
            grafana.ApplicationBuilder.CreateResourceBuilder(container).WithBindMount(full, GrafanaProvisioningWriter.ContainerDashboardsPath, isReadOnly: true);
        }
        return grafana;
    }

    /// <summary>
    /// Runs Grafana on a provisioning folder you render yourself (in a container it is /etc/grafana/provisioning);
    /// its dashboard provider can name the folder given to <see cref="WithDashboards"/> at /var/lib/grafana/dashboards.
    /// </summary>
    public static IResourceBuilder<IGrafanaResource> WithProvisioningFolder(this IResourceBuilder<IGrafanaResource> grafana, string folder)
    {
        ArgumentNullException.ThrowIfNull(grafana);
        ConfigurationFolders.Use(grafana, folder, ".");
        return grafana;
    }
}
