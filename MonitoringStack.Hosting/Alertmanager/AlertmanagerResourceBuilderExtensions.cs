using Aspire.Hosting.ApplicationModel;
using MonitoringStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Alertmanager for an Aspire application: routes alerts from Prometheus to receivers.</summary>
public static class AlertmanagerResourceBuilderExtensions
{
    /// <summary>
    /// How often Alertmanager snapshots silences and its notification log to disk (its default is 15 min): a
    /// crash loses at most 30 s of changes, i.e. at worst one duplicate notification, never a missed one.
    /// </summary>
    public const string MaintenanceInterval = "30s";

    private static readonly ComponentRecipe Recipe = new(
        ContainerImage.Alertmanager, HostProgram.Alertmanager, DefaultPort: 9093,
        ConfigMountPath: "/etc/alertmanager", ContainerDataPath: "/alertmanager", HealthPath: "/-/ready", DisplayText: "Alertmanager");

    /// <summary>Adds Alertmanager (a single instance: no gossip cluster), as a container or this machine's binary.</summary>
    /// <param name="port">The host port; null lets Aspire choose one.</param>
    public static IResourceBuilder<IAlertmanagerResource> AddAlertmanager(this IDistributedApplicationBuilder builder, string name, int? port = null)
    {
        var alertmanager = MonitoringComponent.Add<IAlertmanagerResource, AlertmanagerContainerResource, AlertmanagerExecutableResource>(
            builder, name, port, Recipe,
            layout => new AlertmanagerContainerResource(name, layout),
            (command, directory, layout) => new AlertmanagerExecutableResource(name, command, directory, layout));
        var resource = alertmanager.Resource;
        if (resource.Layout.Runtime == MonitoringRuntime.Executable && builder.ExecutionContext.IsRunMode)
        {
            ForgetLastSessionsNotifications(resource.Layout.DataDirectory);
        }
        return alertmanager
            .WithArgs(context =>
            {
                var layout = resource.Layout;
                var file = resource.Annotations.OfType<ConfigurationFileAnnotation>().LastOrDefault()?.File ?? AlertmanagerConfigWriter.ConfigFile;
                context.Args.Add($"--config.file={layout.Inside(Path.Combine(layout.ConfigDirectory, file))}");
                context.Args.Add($"--storage.path={layout.DataDirectory}");
                context.Args.Add($"--data.maintenance-interval={MaintenanceInterval}");
                context.Args.Add(ReferenceExpression.Create($"--web.listen-address={MonitoringComponent.ListenAddress(resource)}"));
                // Empty: a single instance, no gossip cluster listening beyond the web port.
                context.Args.Add("--cluster.listen-address=");
                if (layout.Runtime == MonitoringRuntime.Executable)
                {
                    // Links in notifications point here rather than at the machine's host name.
                    context.Args.Add(ReferenceExpression.Create($"--web.external-url=http://{MonitoringComponent.ListenAddress(resource)}"));
                }
            })
            .OnBeforeResourceStarted((a, _, _) =>
            {
                if (!a.Layout.UserConfiguration)
                {
                    AlertmanagerConfigWriter.Write(builder, a);
                }
                return Task.CompletedTask;
            });
    }

    /// <summary>
    /// Alertmanager's notification log says which alerts were already sent, so a restart does not page twice.
    /// Across AppHost runs it is wrong: an alert still firing when the AppHost stopped never had its resolved
    /// notification sent, and the same alert (same labels) firing in a later run would be held back as
    /// already notified until repeat_interval (hours) passed — a missed page. Prometheus stops with the
    /// AppHost, so every alert of the last run has ended; forgetting the log costs at most one duplicate
    /// page after a quick restart. Silences (their own file) are kept. A restart within a run (the
    /// dashboard's restart, a crash) keeps the log. (A container's volume is not touched.)
    /// </summary>
    private static void ForgetLastSessionsNotifications(string dataDirectory)
    {
        var notificationLog = Path.Combine(dataDirectory, "nflog");
        if (File.Exists(notificationLog))
        {
            File.Delete(notificationLog);
        }
    }

    /// <summary>Sends every notification (unless a route says otherwise) to <paramref name="receiver"/>, and starts after it.</summary>
    public static IResourceBuilder<IAlertmanagerResource> WithReceiver(this IResourceBuilder<IAlertmanagerResource> alertmanager, IResourceBuilder<AlertReceiverResource> receiver)
    {
        ArgumentNullException.ThrowIfNull(alertmanager);
        ArgumentNullException.ThrowIfNull(receiver);
        alertmanager.Resource.Settings.DefaultReceiver = receiver.Resource;
        return alertmanager.WaitFor(receiver);
    }

    /// <summary>Also sends alerts matching every one of <paramref name="matchers"/> (e.g. <c>severity="critical"</c>) to <paramref name="receiver"/>.</summary>
    public static IResourceBuilder<IAlertmanagerResource> WithRoute(this IResourceBuilder<IAlertmanagerResource> alertmanager, IResourceBuilder<AlertReceiverResource> receiver, params string[] matchers)
    {
        ArgumentNullException.ThrowIfNull(alertmanager);
        ArgumentNullException.ThrowIfNull(receiver);
        if (matchers is not { Length: > 0 })
        {
            throw new ArgumentException("a route needs at least one matcher, e.g. severity=\"critical\"", nameof(matchers));
        }
        alertmanager.Resource.Settings.Routes.Add(new AlertRoute(matchers, receiver.Resource));
        return alertmanager.WaitFor(receiver);
    }

    /// <summary>Grouping and timing of notifications (defaults: group by alertname and job, wait 5 s, interval 30 s, repeat 4 h).</summary>
    public static IResourceBuilder<IAlertmanagerResource> WithTiming(
        this IResourceBuilder<IAlertmanagerResource> alertmanager, TimeSpan? groupWait = null, TimeSpan? groupInterval = null, TimeSpan? repeatInterval = null)
    {
        ArgumentNullException.ThrowIfNull(alertmanager);
        var settings = alertmanager.Resource.Settings;
        settings.GroupWait = groupWait ?? settings.GroupWait;
        settings.GroupInterval = groupInterval ?? settings.GroupInterval;
        settings.RepeatInterval = repeatInterval ?? settings.RepeatInterval;
        return alertmanager;
    }

    /// <summary>Runs Alertmanager on a configuration you render yourself (in a container the folder is /etc/alertmanager).</summary>
    public static IResourceBuilder<IAlertmanagerResource> WithConfigurationFolder(this IResourceBuilder<IAlertmanagerResource> alertmanager, string folder, string configFile = AlertmanagerConfigWriter.ConfigFile)
    {
        ArgumentNullException.ThrowIfNull(alertmanager);
        ConfigurationFolders.Use(alertmanager, folder, configFile);
        return alertmanager;
    }
}
