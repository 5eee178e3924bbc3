namespace MonitoringStack.Topology.Rendering;

/// <summary>
/// Every address a rendered config mentions, derived from the topology for one hosting mode.
/// Local: everything on 127.0.0.1 at its topology port. Containers: containers reach each other by
/// resource name and listen on their topology port inside the container too (the AppHost maps the same
/// port on the host); host processes are reached through <see cref="RenderOptions.ContainerHostName"/>.
/// </summary>
public sealed class StackEndpoints
{
    /// <summary>Container resource names (AppHost) that configs use as host names in containers mode.</summary>
    public const string PrometheusResource = "prometheus";
    public const string AlertmanagerResource = "alertmanager";
    public const string NginxResource = "nginx";
    public const string GrafanaResource = "grafana";
    public const string NodeExporterResource = "node-exporter";
    public const string NginxExporterResource = "nginx-exporter";
    public const string LoadGenResource = "loadgen";
    public const string WebhookReceiverResource = "alert-receiver";

    /// <summary>Path of the alert webhook receiver (the Lab / experiments listen there).</summary>
    public const string WebhookPath = "/alerts";
    /// <summary>Path Slack-format notifications go to when no Slack webhook URL file is given.</summary>
    public const string LocalSlackSinkPath = "/slack";

    private const string Loopback = "127.0.0.1";

    private readonly StackTopology _topology;
    private readonly HostingMode _mode;
    private readonly string _hostName;
    private readonly bool _servicesByName;
    private readonly int? _ingressPort;

    /// <param name="ingressPort">See <see cref="RenderOptions.IngressPort"/>.</param>
    public StackEndpoints(StackTopology topology, HostingMode mode, string containerHostName = "host.docker.internal", bool servicesByResourceName = false,
        int? ingressPort = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentException.ThrowIfNullOrWhiteSpace(containerHostName);
        _topology = topology;
        _mode = mode;
        _hostName = containerHostName;
        _servicesByName = servicesByResourceName && mode == HostingMode.Containers;
        _ingressPort = _servicesByName ? ingressPort : null;
    }

    public HostingMode Mode => _mode;

    /// <summary>Where a scraper or nginx reaches one API replica.</summary>
    public string ApiReplica(ApiReplica replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        return _servicesByName ? Project(replica.Name, replica.Port) : $"{HostProcessHost}:{replica.Port}";
    }

    public string Prometheus => Container(PrometheusResource, _topology.Ports.Prometheus);
    public string Alertmanager => Container(AlertmanagerResource, _topology.Ports.Alertmanager);
    public string NginxExporter => Container(NginxExporterResource, _topology.Ports.NginxExporter);
    public string NodeExporter => Container(NodeExporterResource, _topology.Ports.NodeExporter);
    public string Nginx => Container(NginxResource, _topology.Ports.Nginx);
    /// <summary>Nginx's internal status port: never behind an ingress (an app has one HTTP ingress, the public port).</summary>
    public string NginxStatus => _mode == HostingMode.Local ? $"{Loopback}:{_topology.Ports.NginxStatus}" : $"{NginxResource}:{_topology.Ports.NginxStatus}";
    public string LoadGen => _servicesByName ? Project(LoadGenResource, _topology.Ports.LoadGenMetrics) : $"{HostProcessHost}:{_topology.Ports.LoadGenMetrics}";

    /// <summary>The orchestrator's fault gauges: served by the AppHost process, a host process in every mode.</summary>
    public string FaultMetrics => $"{HostProcessHost}:{_topology.Ports.FaultMetrics}";

    public string PrometheusUrl => $"http://{Prometheus}";
    public string AlertmanagerUrl => $"http://{Alertmanager}";
    public string WebhookUrl => $"http://{WebhookReceiver}{WebhookPath}";
    public string LocalSlackSinkUrl => $"http://{WebhookReceiver}{LocalSlackSinkPath}";

    /// <summary>The receiver is a host process, except published behind an ingress, where it is an app reached by name.</summary>
    private string WebhookReceiver => _ingressPort is { } ingress
        ? $"{WebhookReceiverResource}:{ingress}"
        : $"{HostProcessHost}:{_topology.Ports.WebhookReceiver}";

    private string Project(string name, int port) => $"{name}:{_ingressPort ?? port}";

    private string Container(string resource, int port) => _mode == HostingMode.Local ? $"{Loopback}:{port}" : Project(resource, port);

    /// <summary>What nginx listens on: loopback only in local mode, every interface inside a container.</summary>
    public string NginxListen => ListenAddress(_topology.Ports.Nginx);
    public string NginxStatusListen => ListenAddress(_topology.Ports.NginxStatus);

    private string HostProcessHost => _mode == HostingMode.Local ? Loopback : _hostName;

    private string ListenAddress(int port) =>
        _mode == HostingMode.Local ? $"{Loopback}:{port}" : port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
