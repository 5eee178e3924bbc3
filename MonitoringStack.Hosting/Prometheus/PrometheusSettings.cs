using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>
/// What the package renders into prometheus.yml: scrape jobs (every replica its own target, through file_sd,
/// so targets change without a restart), rule files, the Alertmanagers to notify, intervals and retention.
/// Ignored when the configuration is the user's own (<c>WithConfigurationFolder</c>).
/// </summary>
public sealed class PrometheusSettings
{
    public TimeSpan ScrapeInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long samples are kept (Prometheus' --storage.tsdb.retention.time).</summary>
    public string Retention { get; set; } = "7d";

    internal List<ScrapeJob> Jobs { get; } = [];
    internal List<string> RuleFiles { get; } = [];
    internal List<IAlertmanagerResource> Alertmanagers { get; } = [];

    /// <summary>The application's fault metrics (every Prometheus of the package scrapes them).</summary>
    internal FaultMetricsResource? FaultMetrics { get; set; }
}

/// <summary>
/// One scrape job: its targets are resources (a project, each replica of a set), each labelled
/// <c>instance=&lt;resource name&gt;</c>, found when the file is written (start, scale).
/// </summary>
internal sealed record ScrapeJob(string Name, Func<IEnumerable<IResourceWithEndpoints>> Targets, string EndpointName, string MetricsPath);
