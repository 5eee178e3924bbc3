using Aspire.Hosting;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Hosting;

/// <summary>Renders alertmanager.yml from <see cref="AlertmanagerSettings"/>: one webhook receiver per alert receiver resource.</summary>
internal static class AlertmanagerConfigWriter
{
    public const string ConfigFile = "alertmanager.yml";

    public static void Write(IDistributedApplicationBuilder builder, IAlertmanagerResource alertmanager)
    {
        var settings = alertmanager.Settings;
        var receivers = settings.Routes.Select(r => r.Receiver).Prepend(settings.DefaultReceiver).OfType<AlertReceiverResource>().Distinct().ToList();
        var route = new Dictionary<string, object>
        {
            // Without a receiver notifications have nowhere to go: a receiver that drops them keeps the config valid.
            ["receiver"] = settings.DefaultReceiver?.Name ?? "none",
            ["group_by"] = settings.GroupBy.ToArray(),
            ["group_wait"] = PrometheusConfigWriter.Duration(settings.GroupWait),
            ["group_interval"] = PrometheusConfigWriter.Duration(settings.GroupInterval),
            ["repeat_interval"] = PrometheusConfigWriter.Duration(settings.RepeatInterval),
        };
        if (settings.Routes.Count > 0)
        {
            route["routes"] = settings.Routes
                .Select(r => new Dictionary<string, object> { ["matchers"] = r.Matchers.ToArray(), ["receiver"] = r.Receiver.Name, ["continue"] = true })
                .ToArray();
        }
        var receiverList = receivers
            .Select(r => (object)new Dictionary<string, object>
            {
                ["name"] = r.Name,
                ["webhook_configs"] = new[]
                {
                    new Dictionary<string, object> { ["url"] = r.WebhookUrl(alertmanager is Aspire.Hosting.ApplicationModel.ContainerResource, MonitoringPlane.Of(builder).Options.ContainerHostName), ["send_resolved"] = true },
                },
            })
            .ToList();
        if (settings.DefaultReceiver is null)
        {
            receiverList.Insert(0, new Dictionary<string, object> { ["name"] = "none" });
        }
        var config = new Dictionary<string, object> { ["route"] = route, ["receivers"] = receiverList };
        AtomicFile.WriteAllText(Path.Combine(alertmanager.Layout.ConfigDirectory, ConfigFile), Yaml.Serialize(config));
    }
}
