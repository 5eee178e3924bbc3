namespace MonitoringStack.Topology.Rendering;

/// <summary>
/// What the topology does not say about a rendering. Secrets are not here: Grafana's admin password
/// comes from the environment of the Grafana process, the Slack URL and SMTP password from files.
/// </summary>
public sealed record RenderOptions
{
    public HostingMode Mode { get; init; } = HostingMode.Local;

    /// <summary>Email receiver settings; null renders no email receiver (see <see cref="SmtpSettings.FromEnvironment"/>).</summary>
    public SmtpSettings? Smtp { get; init; }

    /// <summary>
    /// Host path of a file holding the Slack incoming-webhook URL (never committed). It is copied into the
    /// rendered secrets folder. When null, that folder gets a file pointing Slack notifications at the
    /// local webhook receiver's <c>/slack</c> path, so the receiver works (and is observable) without Slack.
    /// </summary>
    public string? SlackWebhookUrlFile { get; init; }

    /// <summary>How containers reach processes on the host (API replicas, load generator, webhook receiver).</summary>
    public string ContainerHostName { get; init; } = "host.docker.internal";

    /// <summary>
    /// Containers mode only: the API replicas and the load generator are services of their own, reached by
    /// resource name (<c>api-0:5101</c>, <c>loadgen:9464</c>) instead of through the container host. True for
    /// published deployments (Docker Compose, Kubernetes), where every project is its own container.
    /// </summary>
    public bool ServicesByResourceName { get; init; }

    /// <summary>
    /// Published to Azure Container Apps (azd): every resource is an app of its own, reached by its name on
    /// its HTTP ingress port (80), which forwards to the port it listens on. Null: each is reached on its own
    /// port. Only with <see cref="ServicesByResourceName"/>. Nginx's internal status port stays its own: an app
    /// has one HTTP ingress.
    /// </summary>
    public int? IngressPort { get; init; }

    /// <summary>
    /// Whether the load generator's worker is listed as a target from the start. Its job reads a file_sd
    /// list, so a host that starts the worker later (the AppHost) writes it then with
    /// <see cref="StackConfigRenderer.WriteLoadGenTargets"/>: a target that is not running would read as a
    /// failure on every dashboard.
    /// </summary>
    public bool ScrapeLoadGen { get; init; } = true;

    /// <summary>Whether the node exporter runs, so that its scrape job is rendered (a job for a component that never started would sit down).</summary>
    public bool ScrapeNodeExporter { get; init; } = true;

    /// <summary>Whether the nginx exporter runs, so that its scrape job is rendered.</summary>
    public bool ScrapeNginxExporter { get; init; } = true;

    /// <summary>
    /// Whether the orchestrator's fault gauges are served (the AppHost serves them from its own process on the
    /// topology's faultMetrics port), so that their scrape job is rendered. Off by default: published deployments
    /// and the benchmark configs have no AppHost to serve them.
    /// </summary>
    public bool ScrapeFaultMetrics { get; init; }

    /// <summary>
    /// Where the experiments write their reports, as nginx sees it (a host path, or the mount point inside
    /// the nginx container); nginx serves them under <c>/experiments/</c> on its internal status port. Null
    /// (published deployments, where no experiment runs) renders no such location.
    /// </summary>
    public string? ExperimentReportsDirectory { get; init; }

    /// <summary>
    /// Renders Prometheus as shard <see cref="PrometheusShard.Index"/> of <see cref="PrometheusShard.Count"/>:
    /// the api job keeps only the replicas whose address hashes to its number, and the shard's number is an
    /// external label. Null: one Prometheus scrapes every replica (the stack as it runs).
    /// </summary>
    public PrometheusShard? Shard { get; init; }
}

/// <summary>One Prometheus of a hashmod-sharded set (docs/scaling.md).</summary>
public sealed record PrometheusShard(int Index, int Count)
{
    public PrometheusShard Validate() =>
        Count < 2 || Index < 0 || Index >= Count
            ? throw new ArgumentException($"shard {Index} of {Count}: a sharded set has 2 or more shards numbered from 0")
            : this;
}
