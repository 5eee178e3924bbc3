namespace MonitoringStack.Topology;

/// <summary>The fixed ports of every component other than the API replicas.</summary>
public sealed record ComponentPorts
{
    public int Nginx { get; init; } = 5080;
    /// <summary>Nginx stub_status, kept on its own port so clients of the API never see it.</summary>
    public int NginxStatus { get; init; } = 5081;
    public int Prometheus { get; init; } = 9090;
    public int Alertmanager { get; init; } = 9093;
    public int Grafana { get; init; } = 3000;
    public int NodeExporter { get; init; } = 9100;
    public int NginxExporter { get; init; } = 9113;
    public int LoadGenMetrics { get; init; } = 9464;
    /// <summary>Where Alertmanager's webhook receiver posts; the experiments listen here.</summary>
    public int WebhookReceiver { get; init; } = 9095;
    /// <summary>
    /// The orchestrator's fault gauges (<c>monitoringstack_fault_active</c>, <c>monitoringstack_experiment_running</c>),
    /// served from inside the AppHost so Prometheus can annotate kills, pauses, partitions, crashes and restarts.
    /// </summary>
    public int FaultMetrics { get; init; } = 9096;

    /// <summary>Every port by component name, for checks such as "is this port free before start".</summary>
    public IReadOnlyDictionary<string, int> ByName() => new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["nginx"] = Nginx,
        ["nginx-status"] = NginxStatus,
        ["prometheus"] = Prometheus,
        ["alertmanager"] = Alertmanager,
        ["grafana"] = Grafana,
        ["node-exporter"] = NodeExporter,
        ["nginx-exporter"] = NginxExporter,
        ["loadgen"] = LoadGenMetrics,
        ["webhook"] = WebhookReceiver,
        ["fault-metrics"] = FaultMetrics,
    };
}
