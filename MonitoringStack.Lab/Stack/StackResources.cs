using System.Globalization;
using MonitoringStack.Lab.Supervision;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Lab.Stack;

/// <summary>
/// The command line of every resource, derived from the topology, the rendered configs and the state
/// folder. One method per component; nothing here starts anything.
/// </summary>
public sealed class StackResources(
    StackTopology topology,
    RenderedConfig config,
    StateFolder state,
    RunFolder run,
    string chaosToken,
    LabOptions options)
{
    public const string Nginx = "nginx";
    public const string Prometheus = "prometheus";
    public const string Alertmanager = "alertmanager";
    public const string NodeExporter = "node-exporter";
    public const string NginxExporter = "nginx-exporter";
    public const string Grafana = "grafana";
    public const string LoadGen = "loadgen";

    private static string Local(int port) => "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
    private static string Http(int port, string path = "") => $"http://{Local(port)}{path}";

    private ReadinessProbe Probe(string url) => ReadinessProbe.Http(url) with { Timeout = options.ReadyTimeout };

    public ProcessSpec Api(ApiReplica replica, string apiAssembly) => new()
    {
        Name = replica.Name,
        FileName = Dotnet.Path,
        Arguments = [apiAssembly, "--urls", Http(replica.Port)],
        Environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Service__InstanceId"] = replica.Name,
            ["Service__Name"] = StackTopology.ServiceName,
            ["Chaos__Enabled"] = "true",
            ["Chaos__Token"] = chaosToken,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        },
        WorkingDirectory = Path.GetDirectoryName(apiAssembly),
        LogFile = run.LogFile(replica.Name),
        Readiness = Probe(Http(replica.Port, "/health")),
        Restart = options.RestartPolicy,
        Url = Http(replica.Port),
    };

    public ProcessSpec NginxSpec(string binary) => new()
    {
        Name = Nginx,
        FileName = binary,
        Arguments = ["-e", "stderr", "-p", config.NginxPrefixDirectory, "-c", config.NginxConfigFile, "-g", "daemon off;"],
        LogFile = run.LogFile(Nginx),
        Readiness = Probe(Http(topology.Ports.NginxStatus, "/stub_status")),
        Restart = options.RestartPolicy,
        Url = Http(topology.Ports.Nginx),
        // SIGQUIT is nginx's graceful stop: workers finish the requests in flight.
        StopSignal = Posix.SIGQUIT,
    };

    public ProcessSpec PrometheusSpec(string binary) => new()
    {
        Name = Prometheus,
        FileName = binary,
        Arguments =
        [
            "--config.file=" + config.PrometheusConfigFile,
            "--storage.tsdb.path=" + state.PrometheusData,
            "--storage.tsdb.retention.time=7d",
            "--web.listen-address=" + Local(topology.Ports.Prometheus),
            "--web.enable-lifecycle",
        ],
        LogFile = run.LogFile(Prometheus),
        Readiness = Probe(Http(topology.Ports.Prometheus, "/-/ready")),
        Restart = options.RestartPolicy,
        Url = Http(topology.Ports.Prometheus),
        // A clean TSDB shutdown (head compaction, WAL close) can take a few seconds.
        StopTimeout = TimeSpan.FromSeconds(20),
    };

    public ProcessSpec AlertmanagerSpec(string binary) => new()
    {
        Name = Alertmanager,
        FileName = binary,
        Arguments =
        [
            "--config.file=" + config.AlertmanagerConfigFile,
            "--storage.path=" + state.AlertmanagerData,
            // Snapshots of silences and the notification log every 30 s instead of 15 min (docs/configuration.md).
            "--data.maintenance-interval=30s",
            "--web.listen-address=" + Local(topology.Ports.Alertmanager),
            // Empty: no gossip cluster, nothing listens beyond the web port.
            "--cluster.listen-address=",
        ],
        LogFile = run.LogFile(Alertmanager),
        Readiness = Probe(Http(topology.Ports.Alertmanager, "/-/ready")),
        Restart = options.RestartPolicy,
        Url = Http(topology.Ports.Alertmanager),
    };

    public ProcessSpec NodeExporterSpec(string binary) => new()
    {
        Name = NodeExporter,
        FileName = binary,
        Arguments = ["--web.listen-address=" + Local(topology.Ports.NodeExporter)],
        LogFile = run.LogFile(NodeExporter),
        Readiness = Probe(Http(topology.Ports.NodeExporter, "/metrics")),
        Restart = options.RestartPolicy,
        Url = Http(topology.Ports.NodeExporter, "/metrics"),
    };

    public ProcessSpec NginxExporterSpec(string binary) => new()
    {
        Name = NginxExporter,
        FileName = binary,
        // Version 0.11 takes single-dash flags.
        Arguments =
        [
            "-nginx.scrape-uri", Http(topology.Ports.NginxStatus, "/stub_status"),
            "-web.listen-address", Local(topology.Ports.NginxExporter),
            "-nginx.retries", "10",
            "-nginx.retry-interval", "1s",
        ],
        LogFile = run.LogFile(NginxExporter),
        Readiness = Probe(Http(topology.Ports.NginxExporter, "/metrics")),
        Restart = options.RestartPolicy,
        Url = Http(topology.Ports.NginxExporter, "/metrics"),
    };

    /// <summary>Grafana from a binary on PATH: data in the state folder, provisioning from the rendered configs.</summary>
    public ProcessSpec GrafanaSpec(string binary)
    {
        var home = GrafanaHome(binary);
        var isNewBinary = Path.GetFileName(binary) == "grafana";
        return new ProcessSpec
        {
            Name = Grafana,
            FileName = binary,
            Arguments = isNewBinary ? ["server", "--homepath", home] : ["--homepath", home],
            Environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["GF_PATHS_DATA"] = state.GrafanaData,
                ["GF_PATHS_LOGS"] = run.Logs,
                ["GF_PATHS_PROVISIONING"] = config.GrafanaProvisioningDirectory,
                ["GF_SERVER_HTTP_ADDR"] = "127.0.0.1",
                ["GF_SERVER_HTTP_PORT"] = topology.Ports.Grafana.ToString(CultureInfo.InvariantCulture),
                ["GF_AUTH_ANONYMOUS_ENABLED"] = "true",
                ["GF_AUTH_ANONYMOUS_ORG_ROLE"] = "Viewer",
                ["GF_ANALYTICS_REPORTING_ENABLED"] = "false",
                ["GF_ANALYTICS_CHECK_FOR_UPDATES"] = "false",
            },
            LogFile = run.LogFile(Grafana),
            Readiness = Probe(Http(topology.Ports.Grafana, "/api/health")),
            Restart = options.RestartPolicy,
            Url = Http(topology.Ports.Grafana),
        };
    }

    /// <summary>The load generator's worker, against nginx, exposing its metrics on the loadgen port.</summary>
    public ProcessSpec LoadGenSpec(string loadGenAssembly, string profile) => new()
    {
        Name = LoadGen,
        FileName = Dotnet.Path,
        Arguments =
        [
            loadGenAssembly, "worker",
            "--profile", profile,
            "--target", Http(topology.Ports.Nginx),
            "--metrics-port", topology.Ports.LoadGenMetrics.ToString(CultureInfo.InvariantCulture),
        ],
        WorkingDirectory = options.RepositoryRoot,
        LogFile = run.LogFile(LoadGen),
        Readiness = Probe(Http(topology.Ports.LoadGenMetrics, "/metrics")),
        // A load run ends by itself; it is not restarted.
        Restart = RestartPolicy.Never,
        Url = Http(topology.Ports.LoadGenMetrics, "/metrics"),
    };

    /// <summary>Debian/tarball layout: &lt;home&gt;/bin/grafana; the Debian package keeps home in /usr/share/grafana.</summary>
    private static string GrafanaHome(string binary)
    {
        var parent = Directory.GetParent(Path.GetDirectoryName(binary)!)?.FullName;
        if (parent is not null && Directory.Exists(Path.Combine(parent, "conf")))
        {
            return parent;
        }
        return "/usr/share/grafana";
    }
}
