using MonitoringStack.Topology;

namespace MonitoringStack.Lab.Stack;

/// <summary>Moves ports of a topology: all at once (<c>--port-offset</c>) or one by name (<c>--port name=value</c>).</summary>
public static class TopologyOverrides
{
    /// <summary>Names accepted by <see cref="WithPort"/>: the component names of <see cref="ComponentPorts.ByName"/> plus "api" (first replica port).</summary>
    public static IReadOnlyList<string> PortNames { get; } = [.. new ComponentPorts().ByName().Keys, "api"];

    public static StackTopology WithPortOffset(this StackTopology topology, int offset)
    {
        if (offset == 0)
        {
            return topology;
        }
        var p = topology.Ports;
        return topology with
        {
            ApiBasePort = topology.ApiBasePort + offset,
            Ports = p with
            {
                Nginx = p.Nginx + offset,
                NginxStatus = p.NginxStatus + offset,
                Prometheus = p.Prometheus + offset,
                Alertmanager = p.Alertmanager + offset,
                Grafana = p.Grafana + offset,
                NodeExporter = p.NodeExporter + offset,
                NginxExporter = p.NginxExporter + offset,
                LoadGenMetrics = p.LoadGenMetrics + offset,
                WebhookReceiver = p.WebhookReceiver + offset,
                LabControl = p.LabControl + offset,
            },
        };
    }

    public static StackTopology WithPort(this StackTopology topology, string name, int port)
    {
        var p = topology.Ports;
        return name switch
        {
            "api" => topology with { ApiBasePort = port },
            "nginx" => topology with { Ports = p with { Nginx = port } },
            "nginx-status" => topology with { Ports = p with { NginxStatus = port } },
            "prometheus" => topology with { Ports = p with { Prometheus = port } },
            "alertmanager" => topology with { Ports = p with { Alertmanager = port } },
            "grafana" => topology with { Ports = p with { Grafana = port } },
            "node-exporter" => topology with { Ports = p with { NodeExporter = port } },
            "nginx-exporter" => topology with { Ports = p with { NginxExporter = port } },
            "loadgen" => topology with { Ports = p with { LoadGenMetrics = port } },
            "webhook" => topology with { Ports = p with { WebhookReceiver = port } },
            "lab-control" => topology with { Ports = p with { LabControl = port } },
            _ => throw new LabException($"unknown port name '{name}'; use one of: {string.Join(", ", PortNames)}"),
        };
    }

    /// <summary>Parses "name=port" overrides as given on the command line.</summary>
    public static StackTopology WithPorts(this StackTopology topology, IEnumerable<string> overrides)
    {
        foreach (var item in overrides)
        {
            var parts = item.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var port))
            {
                throw new LabException($"--port expects name=port (e.g. prometheus=19090), got '{item}'");
            }
            topology = topology.WithPort(parts[0], port);
        }
        return topology;
    }
}
