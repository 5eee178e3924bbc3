namespace MonitoringStack.Topology.Rendering;

/// <summary>
/// Where one rendering put its files: absolute host paths under the output folder. In containers mode
/// the files mention the images' paths instead (see <see cref="ContainerBindMounts"/>).
/// </summary>
public sealed record RenderedConfig
{
    public required HostingMode Mode { get; init; }
    public required string OutputDirectory { get; init; }
    /// <summary>The repository's config/ folder the templates came from (upstream rewrites re-read it).</summary>
    public required string ConfigSourceDirectory { get; init; }
    /// <summary>How containers reach host processes (only used in containers mode).</summary>
    public required string ContainerHostName { get; init; }
    /// <summary>Published deployments: API replicas and the load generator reached by resource name.</summary>
    public bool ServicesByResourceName { get; init; }
    public int? IngressPort { get; init; }

    /// <summary>prometheus --config.file</summary>
    public required string PrometheusConfigFile { get; init; }
    public required string PrometheusRulesDirectory { get; init; }
    /// <summary>file_sd list of API replicas; rewrite it with <see cref="StackConfigRenderer.WriteApiTargets"/>.</summary>
    public required string ApiTargetsFile { get; init; }
    /// <summary>file_sd list of the load generator (empty while none runs); see <see cref="StackConfigRenderer.WriteLoadGenTargets"/>.</summary>
    public required string LoadGenTargetsFile { get; init; }

    /// <summary>alertmanager --config.file</summary>
    public required string AlertmanagerConfigFile { get; init; }
    public required string AlertmanagerTemplatesDirectory { get; init; }
    /// <summary>Secret files (Slack URL, SMTP password); never committed, local sink defaults when not given.</summary>
    public required string AlertmanagerSecretsDirectory { get; init; }

    /// <summary>nginx -p (pid, temp folders and logs live here in local mode).</summary>
    public required string NginxPrefixDirectory { get; init; }
    /// <summary>nginx -c</summary>
    public required string NginxConfigFile { get; init; }
    /// <summary>Upstream include; rewrite it with <see cref="StackConfigRenderer.WriteNginxUpstreams"/> and reload nginx.</summary>
    public required string NginxUpstreamsFile { get; init; }
    /// <summary>JSON access log (local mode; containers log to stdout).</summary>
    public required string NginxAccessLogFile { get; init; }

    /// <summary>Grafana's paths.provisioning (GF_PATHS_PROVISIONING).</summary>
    public required string GrafanaProvisioningDirectory { get; init; }
    public required string GrafanaDashboardsDirectory { get; init; }

    /// <summary>Containers mode: what to bind-mount where (read-only). Empty in local mode.</summary>
    public IReadOnlyList<BindMount> ContainerBindMounts { get; init; } = [];
}
