using System.Globalization;
using System.Text.Json;
using Aspire.Hosting;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Hosting;

/// <summary>
/// Renders prometheus.yml, the rule files and one file_sd file per job into the component's configuration
/// folder. prometheus.yml is written once before Prometheus starts; the target files again whenever a
/// job's targets change (Prometheus re-reads them within seconds, no restart, no reload).
/// </summary>
internal static class PrometheusConfigWriter
{
    public const string ConfigFile = "prometheus.yml";
    public const string RulesFolder = "rules";
    public const string TargetsFolder = "targets";

    public static void WriteAll(IDistributedApplicationBuilder builder, IPrometheusResource prometheus)
    {
        var layout = prometheus.Layout;
        var settings = prometheus.Settings;
        var rules = Path.Combine(layout.ConfigDirectory, RulesFolder);
        if (Directory.Exists(rules))
        {
            Directory.Delete(rules, recursive: true);
        }
        Directory.CreateDirectory(rules);
        var ruleFiles = new List<string>();
        foreach (var source in settings.RuleFiles)
        {
            var copy = Path.Combine(rules, Path.GetFileName(source));
            File.Copy(source, copy, overwrite: true);
            ruleFiles.Add(layout.Inside(copy));
        }
        WriteTargets(builder, prometheus);

        var jobs = new List<object>
        {
            new Dictionary<string, object>
            {
                ["job_name"] = "prometheus",
                ["static_configs"] = new[] { new Dictionary<string, object> { ["targets"] = new[] { MonitoringComponent.Address(builder, prometheus, prometheus, MonitoringComponent.HttpEndpoint) } } },
            },
        };
        if (settings.FaultMetrics is { } faults)
        {
            // The AppHost's own fault and experiment gauges: what the dashboards annotate.
            jobs.Add(new Dictionary<string, object>
            {
                ["job_name"] = FaultMetricsResource.JobName,
                ["static_configs"] = new[] { new Dictionary<string, object> { ["targets"] = new[] { faults.ScrapeAddress(prometheus is ContainerResource, MonitoringPlane.Of(builder).Options.ContainerHostName) } } },
            });
        }
        foreach (var job in settings.Jobs)
        {
            jobs.Add(new Dictionary<string, object>
            {
                ["job_name"] = job.Name,
                ["metrics_path"] = job.MetricsPath,
                ["file_sd_configs"] = new[]
                {
                    new Dictionary<string, object> { ["files"] = new[] { layout.Inside(TargetsFile(layout, job)) }, ["refresh_interval"] = "5s" },
                },
            });
        }
        var config = new Dictionary<string, object>
        {
            ["global"] = new Dictionary<string, object>
            {
                ["scrape_interval"] = Duration(settings.ScrapeInterval),
                ["evaluation_interval"] = Duration(settings.EvaluationInterval),
            },
            ["rule_files"] = ruleFiles,
            ["scrape_configs"] = jobs,
        };
        if (settings.Alertmanagers.Count > 0)
        {
            config["alerting"] = new Dictionary<string, object>
            {
                ["alertmanagers"] = new[]
                {
                    new Dictionary<string, object>
                    {
                        ["static_configs"] = new[]
                        {
                            new Dictionary<string, object> { ["targets"] = settings.Alertmanagers.Select(a => MonitoringComponent.Address(builder, prometheus, a, MonitoringComponent.HttpEndpoint)).ToArray() },
                        },
                    },
                },
            };
        }
        AtomicFile.WriteAllText(Path.Combine(layout.ConfigDirectory, ConfigFile), Yaml.Serialize(config));
    }

    /// <summary>Rewrites every job's file_sd file from the targets as they are now.</summary>
    public static void WriteTargets(IDistributedApplicationBuilder builder, IPrometheusResource prometheus)
    {
        foreach (var job in prometheus.Settings.Jobs)
        {
            var groups = job.Targets()
                .Select(target => new Dictionary<string, object>
                {
                    ["targets"] = new[] { MonitoringComponent.Address(builder, prometheus, target, job.EndpointName) },
                    ["labels"] = new Dictionary<string, string> { ["instance"] = target.Name },
                })
                .ToArray();
            AtomicFile.WriteAllText(TargetsFile(prometheus.Layout, job), JsonSerializer.Serialize(groups, Indented));
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static string TargetsFile(ComponentLayout layout, ScrapeJob job) => Path.Combine(layout.ConfigDirectory, TargetsFolder, job.Name + ".json");

    /// <summary>Prometheus' duration syntax in whole milliseconds or seconds: 5s, 1500ms.</summary>
    public static string Duration(TimeSpan value) =>
        value.TotalMilliseconds % 1000 == 0
            ? ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
}
