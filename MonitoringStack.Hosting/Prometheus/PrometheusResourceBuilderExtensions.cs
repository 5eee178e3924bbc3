using Aspire.Hosting.ApplicationModel;
using MonitoringStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Prometheus for an Aspire application: scrape projects and replicas, load rules, notify Alertmanager.</summary>
public static class PrometheusResourceBuilderExtensions
{
    private static readonly ComponentRecipe Recipe = new(
        ContainerImage.Prometheus, HostProgram.Prometheus, DefaultPort: 9090,
        ConfigMountPath: "/etc/prometheus", ContainerDataPath: "/prometheus", HealthPath: "/-/ready", DisplayText: "Prometheus");

    /// <summary>
    /// Adds Prometheus (a container when a container runtime answers, this machine's prometheus otherwise).
    /// Its data survives restarts of the AppHost; <c>/-/reload</c> is enabled. It scrapes the AppHost's fault
    /// metrics (job <c>faults</c>; <c>AddFaultMetrics</c> adds them on a free port unless called before).
    /// </summary>
    /// <param name="port">The host port; null lets Aspire choose one.</param>
    public static IResourceBuilder<IPrometheusResource> AddPrometheus(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var prometheus = MonitoringComponent.Add<IPrometheusResource, PrometheusContainerResource, PrometheusExecutableResource>(
            builder, name, port, Recipe,
            layout => new PrometheusContainerResource(name, layout),
            (command, directory, layout) => new PrometheusExecutableResource(name, command, directory, layout));
        var resource = prometheus.Resource;
        // Every fault the AppHost injects, and the experiment it runs, next to the application's own series.
        resource.Settings.FaultMetrics = FaultMetricsResourceBuilderExtensions.FaultMetricsOf(builder);
        return prometheus
            .WithArgs(context =>
            {
                var layout = resource.Layout;
                context.Args.Add($"--config.file={layout.Inside(Path.Combine(layout.ConfigDirectory, ConfigFileOf(resource)))}");
                context.Args.Add($"--storage.tsdb.path={layout.DataDirectory}");
                context.Args.Add($"--storage.tsdb.retention.time={resource.Settings.Retention}");
                context.Args.Add(ReferenceExpression.Create($"--web.listen-address={MonitoringComponent.ListenAddress(resource)}"));
                // Lets you (or a re-render) reload the configuration: POST /-/reload.
                context.Args.Add("--web.enable-lifecycle");
            })
            .OnBeforeResourceStarted((p, _, _) =>
            {
                if (!p.Layout.UserConfiguration)
                {
                    PrometheusConfigWriter.WriteAll(builder, p);
                }
                return Task.CompletedTask;
            })
            .WithUrls(context => ComponentUrls.AddPaths(context, ("/targets", "targets"), ("/alerts", "alerts")));
    }

    /// <summary>
    /// Scrapes every replica of <paramref name="replicas"/> as its own target of job <paramref name="job"/>
    /// (the set's name by default), labelled <c>instance=&lt;replica&gt;</c>; replicas added or removed by
    /// scaling are picked up without a restart.
    /// </summary>
    public static IResourceBuilder<IPrometheusResource> WithScrapeTarget(
        this IResourceBuilder<IPrometheusResource> prometheus, IResourceBuilder<ReplicaSetResource> replicas, string? job = null, string metricsPath = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        ArgumentNullException.ThrowIfNull(replicas);
        var set = replicas.Resource;
        prometheus.Resource.Settings.Jobs.Add(new ScrapeJob(job ?? set.Name, () => set.Active, set.EndpointName, metricsPath));
        set.OnReplicasChanged((_, _) =>
        {
            if (!prometheus.Resource.Layout.UserConfiguration)
            {
                PrometheusConfigWriter.WriteTargets(prometheus.ApplicationBuilder, prometheus.Resource);
            }
            return Task.CompletedTask;
        });
        return prometheus;
    }

    /// <summary>Scrapes one resource (a project, a container) at <paramref name="metricsPath"/> on its endpoint <paramref name="endpointName"/>.</summary>
    public static IResourceBuilder<IPrometheusResource> WithScrapeTarget<T>(
        this IResourceBuilder<IPrometheusResource> prometheus, IResourceBuilder<T> target, string? job = null, string endpointName = "http", string metricsPath = "/metrics")
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        ArgumentNullException.ThrowIfNull(target);
        var resource = target.Resource;
        prometheus.Resource.Settings.Jobs.Add(new ScrapeJob(job ?? resource.Name, () => [resource], endpointName, metricsPath));
        return prometheus;
    }

    /// <summary>Evaluates a rule file of yours (recording and alerting rules); relative paths are under the AppHost's folder.</summary>
    public static IResourceBuilder<IPrometheusResource> WithRuleFile(this IResourceBuilder<IPrometheusResource> prometheus, string path)
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path, prometheus.ApplicationBuilder.AppHostDirectory);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"rule file {full} does not exist", full);
        }
        prometheus.Resource.Settings.RuleFiles.Add(full);
        return prometheus;
    }

    /// <summary>Sends firing alerts to <paramref name="alertmanager"/>, and starts after it.</summary>
    public static IResourceBuilder<IPrometheusResource> WithAlertmanager(this IResourceBuilder<IPrometheusResource> prometheus, IResourceBuilder<IAlertmanagerResource> alertmanager)
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        ArgumentNullException.ThrowIfNull(alertmanager);
        prometheus.Resource.Settings.Alertmanagers.Add(alertmanager.Resource);
        return prometheus.WaitFor(alertmanager);
    }

    /// <summary>Scrape and rule evaluation intervals (5 s each by default) and retention (7 days).</summary>
    public static IResourceBuilder<IPrometheusResource> WithIntervals(
        this IResourceBuilder<IPrometheusResource> prometheus, TimeSpan? scrape = null, TimeSpan? evaluation = null, string? retention = null)
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        var settings = prometheus.Resource.Settings;
        settings.ScrapeInterval = scrape ?? settings.ScrapeInterval;
        settings.EvaluationInterval = evaluation ?? settings.EvaluationInterval;
        settings.Retention = retention ?? settings.Retention;
        return prometheus;
    }

    /// <summary>
    /// Runs Prometheus on a configuration you render yourself: <paramref name="folder"/> holds
    /// <paramref name="configFile"/> and everything it names (in a container the folder is /etc/prometheus,
    /// so files in it are named by that path there). The package then renders nothing for it.
    /// </summary>
    public static IResourceBuilder<IPrometheusResource> WithConfigurationFolder(this IResourceBuilder<IPrometheusResource> prometheus, string folder, string configFile = PrometheusConfigWriter.ConfigFile)
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        ConfigurationFolders.Use(prometheus, folder, configFile);
        return prometheus;
    }

    private static string ConfigFileOf(IResource resource) =>
        resource.Annotations.OfType<ConfigurationFileAnnotation>().LastOrDefault()?.File ?? PrometheusConfigWriter.ConfigFile;
}
