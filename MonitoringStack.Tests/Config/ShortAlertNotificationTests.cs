using MonitoringStack.Hosting;
using MonitoringStack.Experiments.Observation;
using MonitoringStack.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace MonitoringStack.Tests.Config;

/// <summary>
/// No notification lost, with the real programs: real Prometheus evaluating the repository's AppDown
/// rule at the repository's evaluation interval, real Alertmanager with the real rendered config, and
/// two real scrape targets (node exporters standing in for replicas api-0 and api-1: a target is what
/// Prometheus scrapes, and a node exporter stops and starts in milliseconds).
/// </summary>
/// <remarks>
/// The case the old local mode lost: an alert that joins a group which was already notified and resolves before
/// the group's next flush. api-0 stays down, so the AppDown group is notified and lives on; api-1 then
/// goes down only until Prometheus fires AppDown for it, so the alert resolves at the next evaluation
/// (it fires for one evaluation, the shortest an alert can). Both its firing and its resolved
/// notification must reach the webhook.
/// </remarks>
public sealed class ShortAlertNotificationTests
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_short_AppDown_inside_an_already_notified_group_is_notified_firing_then_resolved()
    {
        using var folder = new TempFolder("short-alert");
        await using var alertmanager = await RunningAlertmanager.StartAsync();
        var api0Port = FreePorts.Next(); // never listening: api-0 is down from the start
        var api1Port = FreePorts.Next();
        var prometheusPort = FreePorts.Next();
        var evaluation = WriteConfig(folder, alertmanager.Url, api0Port, api1Port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var prometheusUrl = $"http://127.0.0.1:{prometheusPort}";
        using var prometheusHttp = new HttpClient { BaseAddress = new Uri(prometheusUrl), Timeout = TimeSpan.FromSeconds(5) };
        var client = new PrometheusClient(prometheusHttp);

        var api1 = await StartTargetAsync(http, api1Port);
        try
        {
            await using var prometheus = ManagedProcess.Start("prometheus", HostTools.Prometheus,
            [
                $"--config.file={folder.Combine("prometheus.yml")}",
                $"--storage.tsdb.path={folder.Combine("tsdb")}",
                $"--web.listen-address=127.0.0.1:{prometheusPort}",
            ]);
            await prometheus.WaitUntilReadyAsync(http, $"{prometheusUrl}/-/ready", TimeSpan.FromSeconds(30));

            // The group (AppDown, api) is notified, and stays: api-0 remains down.
            await alertmanager.Receiver.WaitForAsync(p => Has(p, "firing", "api-0"), Delivery, "AppDown api-0 firing notification");
            await WaitForAsync(client, "up{instance=\"api-1\"} == 1", present: true, "api-1 up");

            await api1.DisposeAsync();
            await WaitForAsync(client, "ALERTS{alertname=\"AppDown\",instance=\"api-1\",alertstate=\"firing\"}", present: true, "AppDown api-1 firing in Prometheus");
            var firedAt = DateTimeOffset.UtcNow;
            api1 = await StartTargetAsync(http, api1Port);
            await WaitForAsync(client, "ALERTS{alertname=\"AppDown\",instance=\"api-1\",alertstate=\"firing\"}", present: false, "AppDown api-1 resolved in Prometheus");
            var firingFor = DateTimeOffset.UtcNow - firedAt;
            Assert.True(firingFor < 3 * evaluation, $"AppDown api-1 should fire for about one evaluation ({evaluation.TotalSeconds} s), fired for {firingFor.TotalSeconds:0.0} s");

            var firing = await alertmanager.Receiver.WaitForAsync(p => Has(p, "firing", "api-1"), Delivery, "AppDown api-1 firing notification");
            var resolved = await alertmanager.Receiver.WaitForAsync(p => Has(p, "resolved", "api-1"), Delivery, "AppDown api-1 resolved notification");
            Assert.True(resolved.ReceivedAt > firing.ReceivedAt, "the resolved notification comes after the firing one");
            Assert.Equal("critical", firing.Payload.GetProperty("receiver").GetString());
        }
        finally
        {
            await api1.DisposeAsync();
        }
    }

    /// <summary>A webhook notification (path /alerts) carrying AppDown for <paramref name="instance"/> in <paramref name="status"/>.</summary>
    private static bool Has(ReceivedNotification post, string status, string instance) =>
        post.Path == "/alerts" && post.Payload.GetProperty("alerts").EnumerateArray().Any(a =>
            a.GetProperty("status").GetString() == status
            && a.GetProperty("labels").GetProperty("alertname").GetString() == "AppDown"
            && a.GetProperty("labels").TryGetProperty("instance", out var i) && i.GetString() == instance);

    private static async Task<ManagedProcess> StartTargetAsync(HttpClient http, int port)
    {
        var target = ManagedProcess.Start("api-1", HostTools.NodeExporter,
            [$"--web.listen-address=127.0.0.1:{port}", "--collector.disable-defaults"]);
        await target.WaitUntilReadyAsync(http, $"http://127.0.0.1:{port}/metrics", TimeSpan.FromSeconds(10));
        return target;
    }

    private static Task WaitForAsync(PrometheusClient client, string query, bool present, string what) =>
        Eventually.AssertAsync(async () => (await client.EvaluateAsync(query)).Samples.Count > 0 == present, $"{what} ({query})", Delivery);

    /// <summary>
    /// Prometheus config and the one-rule file: the repository's AppDown rule and evaluation interval (what
    /// the Alertmanager timing must cope with), scraped every second so that a stopped target is seen at
    /// once and a restarted one before the next evaluation.
    /// </summary>
    private static TimeSpan WriteConfig(TempFolder folder, string alertmanagerUrl, int api0Port, int api1Port)
    {
        var real = new YamlStream();
        real.Load(new StringReader(File.ReadAllText(RepositoryConfig.ConfigPath("prometheus", "prometheus.yml"))));
        var global = (YamlMappingNode)((YamlMappingNode)real.Documents[0].RootNode).Children[new YamlScalarNode("global")];
        var evaluation = ((YamlScalarNode)global.Children[new YamlScalarNode("evaluation_interval")]).Value!;
        var appDown = RuleFiles.Alerts.Single(r => r.Alert == "AppDown");

        var serializer = new SerializerBuilder().Build();
        File.WriteAllText(folder.Combine("rules.yml"), serializer.Serialize(new Dictionary<string, object>
        {
            ["groups"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = "short-alert",
                    ["rules"] = new[]
                    {
                        new Dictionary<string, object>
                        {
                            ["alert"] = "AppDown", ["expr"] = appDown.Expr, ["for"] = appDown.For ?? "0s", ["labels"] = appDown.Labels,
                        },
                    },
                },
            },
        }));
        File.WriteAllText(folder.Combine("prometheus.yml"), $$"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: {{evaluation}}
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ['{{new Uri(alertmanagerUrl).Authority}}']
            rule_files: [rules.yml]
            scrape_configs:
              - job_name: api
                static_configs:
                  - targets: ['127.0.0.1:{{api0Port}}']
                    labels: { instance: api-0 }
                  - targets: ['127.0.0.1:{{api1Port}}']
                    labels: { instance: api-1 }
            """);
        return MonitoringStack.Experiments.Analysis.Durations.Parse(evaluation);
    }
}
