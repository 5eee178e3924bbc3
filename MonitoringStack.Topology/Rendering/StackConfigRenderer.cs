using System.Text.Json;

namespace MonitoringStack.Topology.Rendering;

/// <summary>
/// Renders everything Prometheus, Alertmanager, Nginx and Grafana read, from the templates under
/// <c>config/</c> and one <see cref="StackTopology"/>, for one hosting mode. Nothing derived from the
/// topology (targets, upstreams, ports, addresses, URLs) is written by hand anywhere else.
/// </summary>
public static class StackConfigRenderer
{

    public static RenderedConfig Render(StackTopology topology, string repositoryRoot, string outputDirectory, RenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentNullException.ThrowIfNull(options);
        topology.Validate();

        var source = Path.Combine(Path.GetFullPath(repositoryRoot), "config");
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"no config folder at {source}");
        }
        var rendered = RenderLayout.Create(Path.GetFullPath(outputDirectory), source, options);
        var endpoints = Endpoints(rendered, topology);

        RenderPrometheus(source, rendered, endpoints, options);
        RenderAlertmanager(source, rendered, endpoints, options);
        RenderNginx(source, rendered, endpoints, options);
        RenderGrafana(source, rendered, endpoints);

        WriteApiTargets(rendered, topology, topology.ApiReplicas);
        WriteLoadGenTargets(rendered, topology, options.ScrapeLoadGen);
        WriteNginxUpstreams(rendered, topology, topology.ApiReplicas);
        return rendered;
    }

    /// <summary>
    /// Rewrites the file_sd target list (atomically). Prometheus notices the change by itself: scaling
    /// needs no restart. Each target is labelled instance=replica=<c>api-N</c>, service=<c>monitoringstack-api</c>.
    /// </summary>
    public static void WriteApiTargets(RenderedConfig rendered, StackTopology topology, IEnumerable<ApiReplica> replicas)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        ArgumentNullException.ThrowIfNull(replicas);
        var endpoints = Endpoints(rendered, topology);
        var groups = replicas.OrderBy(r => r.Index).Select(replica => new FileSdTargetGroup(
            [endpoints.ApiReplica(replica)],
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["instance"] = replica.Name,
                ["replica"] = replica.Name,
                ["service"] = StackTopology.ServiceName,
            })).ToArray();
        AtomicFile.WriteAllText(rendered.ApiTargetsFile, JsonSerializer.Serialize(groups, FileSdJson.Default.FileSdTargetGroupArray) + "\n");
    }

    /// <summary>
    /// Lists the load generator's worker as a scrape target while it runs and nothing otherwise
    /// (atomically; Prometheus picks the change up by itself).
    /// </summary>
    public static void WriteLoadGenTargets(RenderedConfig rendered, StackTopology topology, bool running)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        var endpoints = Endpoints(rendered, topology);
        FileSdTargetGroup[] groups = running
            ? [new FileSdTargetGroup([endpoints.LoadGen], new Dictionary<string, string>(StringComparer.Ordinal) { ["instance"] = StackEndpoints.LoadGenResource })]
            : [];
        AtomicFile.WriteAllText(rendered.LoadGenTargetsFile, JsonSerializer.Serialize(groups, FileSdJson.Default.FileSdTargetGroupArray) + "\n");
    }

    /// <summary>
    /// Rewrites the nginx upstream include (atomically) from config/nginx/upstreams.conf. Nginx reads it
    /// on its next reload (<c>nginx -s reload</c> or SIGHUP); an empty replica list is refused because
    /// nginx rejects an upstream without servers.
    /// </summary>
    public static void WriteNginxUpstreams(RenderedConfig rendered, StackTopology topology, IEnumerable<ApiReplica> replicas)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        ArgumentNullException.ThrowIfNull(replicas);
        var endpoints = Endpoints(rendered, topology);
        var items = replicas.OrderBy(r => r.Index).Select(replica => (IReadOnlyDictionary<string, string>)
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["replica_address"] = endpoints.ApiReplica(replica),
                ["replica_name"] = replica.Name,
            }).ToArray();
        if (items.Length == 0)
        {
            throw new ArgumentException("nginx needs at least one upstream server; keep one replica or stop nginx", nameof(replicas));
        }
        var templatePath = Path.Combine(rendered.ConfigSourceDirectory, "nginx", "upstreams.conf");
        var text = ConfigTemplate.Render(File.ReadAllText(templatePath), templatePath,
            new Dictionary<string, string>(StringComparer.Ordinal), repeatedItems: items);
        AtomicFile.WriteAllText(rendered.NginxUpstreamsFile, Header("config/nginx/upstreams.conf") + text);
    }

    private static void RenderPrometheus(string source, RenderedConfig rendered, StackEndpoints endpoints, RenderOptions options)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertmanager_address"] = endpoints.Alertmanager,
            ["prometheus_address"] = endpoints.Prometheus,
            ["nginx_exporter_address"] = endpoints.NginxExporter,
            ["node_exporter_address"] = endpoints.NodeExporter,
            ["fault_metrics_address"] = endpoints.FaultMetrics,
        };
        var sections = new HashSet<string>(StringComparer.Ordinal);
        if (options.ScrapeNodeExporter)
        {
            sections.Add("node_exporter");
        }
        if (options.ScrapeNginxExporter)
        {
            sections.Add("nginx_exporter");
        }
        if (options.ScrapeFaultMetrics)
        {
            sections.Add("fault_metrics");
        }
        if (options.Shard is { } shard)
        {
            shard.Validate();
            sections.Add("shard");
            values["shard_index"] = shard.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            values["shard_count"] = shard.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        RenderFile(source, "prometheus/prometheus.yml", rendered.PrometheusConfigFile, values, sections);
        CopyFolder(Path.Combine(source, "prometheus", "rules"), rendered.PrometheusRulesDirectory, "*.yml");
    }

    /// <summary>
    /// The global view of a sharded set (config/prometheus/global.yml): a Prometheus that federates from
    /// every shard what the job-wide rules read. Writes <c>prometheus/global.yml</c> under
    /// <paramref name="outputDirectory"/> and returns its path; the caller puts the job-wide rules beside it.
    /// </summary>
    public static string RenderGlobalView(string repositoryRoot, string outputDirectory, string prometheusAddress, string alertmanagerAddress, IReadOnlyList<string> shardAddresses)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(prometheusAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(alertmanagerAddress);
        ArgumentNullException.ThrowIfNull(shardAddresses);
        if (shardAddresses.Count < 2)
        {
            throw new ArgumentException("a global view federates 2 or more shards", nameof(shardAddresses));
        }
        var source = Path.Combine(Path.GetFullPath(repositoryRoot), "config");
        var templatePath = Path.Combine(source, "prometheus", "global.yml");
        var text = ConfigTemplate.Render(File.ReadAllText(templatePath), templatePath,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["alertmanager_address"] = alertmanagerAddress, ["prometheus_address"] = prometheusAddress },
            repeatedItems: shardAddresses.Select(a => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(StringComparer.Ordinal) { ["shard_address"] = a }).ToArray());
        var target = Path.Combine(Path.GetFullPath(outputDirectory), "prometheus", "global.yml");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        AtomicFile.WriteAllText(target, Header("config/prometheus/global.yml") + text);
        return target;
    }

    private static void RenderAlertmanager(string source, RenderedConfig rendered, StackEndpoints endpoints, RenderOptions options)
    {
        var secrets = SecretFiles.Write(rendered, endpoints, options);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["webhook_url"] = endpoints.WebhookUrl,
            ["slack_api_url_file"] = secrets.SlackApiUrlFile,
        };
        var sections = new HashSet<string>(StringComparer.Ordinal);
        if (options.Smtp is { } smtp)
        {
            sections.Add("smtp");
            values["smtp_smarthost"] = smtp.Smarthost;
            values["smtp_from"] = smtp.From;
            values["smtp_to"] = smtp.To;
            values["smtp_username"] = smtp.Username;
            values["smtp_password_file"] = secrets.SmtpPasswordFile;
            values["smtp_require_tls"] = smtp.RequireTls ? "true" : "false";
        }
        RenderFile(source, "alertmanager/alertmanager.yml", rendered.AlertmanagerConfigFile, values, sections);
        CopyFolder(Path.Combine(source, "alertmanager", "templates"), rendered.AlertmanagerTemplatesDirectory, "*.tmpl");
    }

    private static void RenderNginx(string source, RenderedConfig rendered, StackEndpoints endpoints, RenderOptions options)
    {
        var local = rendered.Mode == HostingMode.Local;
        var prefix = rendered.NginxPrefixDirectory;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pid_file"] = local ? Path.Combine(prefix, "nginx.pid") : "/var/run/nginx.pid",
            ["error_log"] = local ? Path.Combine(prefix, "logs", "error.log") : "/dev/stderr",
            ["access_log"] = local ? rendered.NginxAccessLogFile : "/dev/stdout",
            ["temp_dir"] = local ? Path.Combine(prefix, "temp") : "/var/cache/nginx",
            ["upstreams_file"] = local ? rendered.NginxUpstreamsFile : "/etc/nginx/conf.d/upstreams.conf",
            ["listen_address"] = endpoints.NginxListen,
            ["status_listen_address"] = endpoints.NginxStatusListen,
        };
        if (local)
        {
            // nginx creates the temp subfolders itself but not their parent, nor the log folder.
            Directory.CreateDirectory(Path.Combine(prefix, "temp"));
            Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        }
        var sections = new HashSet<string>(StringComparer.Ordinal);
        if (options.ExperimentReportsDirectory is { } reports)
        {
            sections.Add("experiment_reports");
            values["experiment_reports_dir"] = reports.TrimEnd('/');
        }
        RenderFile(source, "nginx/nginx.conf", rendered.NginxConfigFile, values, sections);
    }

    private static void RenderGrafana(string source, RenderedConfig rendered, StackEndpoints endpoints)
    {
        var local = rendered.Mode == HostingMode.Local;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["prometheus_url"] = endpoints.PrometheusUrl,
            ["alertmanager_url"] = endpoints.AlertmanagerUrl,
            ["dashboards_dir"] = local ? rendered.GrafanaDashboardsDirectory : "/var/lib/grafana/dashboards",
        };
        var provisioningSource = Path.Combine(source, "grafana", "provisioning");
        foreach (var file in Directory.EnumerateFiles(provisioningSource, "*.yml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(provisioningSource, file);
            RenderFile(source, Path.Combine("grafana", "provisioning", relative),
                Path.Combine(rendered.GrafanaProvisioningDirectory, relative), values);
        }
        CopyFolder(Path.Combine(source, "grafana", "dashboards"), rendered.GrafanaDashboardsDirectory, "*.json");
    }

    private static void RenderFile(string source, string relativeTemplate, string target,
        IReadOnlyDictionary<string, string> values, IReadOnlySet<string>? sections = null)
    {
        var templatePath = Path.Combine(source, relativeTemplate);
        var text = ConfigTemplate.Render(File.ReadAllText(templatePath), templatePath, values, sections);
        AtomicFile.WriteAllText(target, Header("config/" + relativeTemplate.Replace('\\', '/')) + text);
    }

    /// <summary>Copies files that need no substitution (rules, dashboards, notification templates), dropping stale ones.</summary>
    private static void CopyFolder(string from, string to, string pattern)
    {
        Directory.CreateDirectory(to);
        foreach (var stale in Directory.EnumerateFiles(to, pattern))
        {
            File.Delete(stale);
        }
        if (!Directory.Exists(from))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(from, pattern))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    private static string Header(string template) =>
        $"# Rendered by MonitoringStack.Topology.Rendering.StackConfigRenderer from {template} - edit that template, not this file.\n";

    private static StackEndpoints Endpoints(RenderedConfig rendered, StackTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return new StackEndpoints(topology, rendered.Mode, rendered.ContainerHostName, rendered.ServicesByResourceName, rendered.IngressPort);
    }
}
