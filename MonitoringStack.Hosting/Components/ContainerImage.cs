namespace MonitoringStack.Hosting;

/// <summary>A pinned container image: never "latest", so a run next month behaves like today's.</summary>
public sealed record ContainerImage(string Image, string Tag)
{
    /// <summary>Prometheus stays on 2.x: the rule and config syntax of Debian's prometheus and of promtool.</summary>
    public static ContainerImage Prometheus { get; } = new("prom/prometheus", "v2.55.1");
    public static ContainerImage Alertmanager { get; } = new("prom/alertmanager", "v0.27.0");
    public static ContainerImage Grafana { get; } = new("grafana/grafana", "11.6.0");
    public static ContainerImage Nginx { get; } = new("nginx", "1.27.4-alpine");
    public static ContainerImage NodeExporter { get; } = new("prom/node-exporter", "v1.8.2");
    public static ContainerImage NginxExporter { get; } = new("nginx/nginx-prometheus-exporter", "1.4.1");
}
