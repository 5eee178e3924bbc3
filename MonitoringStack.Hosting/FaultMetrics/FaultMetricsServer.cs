using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MonitoringStack.Hosting;

/// <summary>
/// The fault board's web server: <c>GET /metrics</c> in Prometheus' text format and <c>GET /health</c>.
/// The exposition is written by <see cref="FaultBoard"/> rather than by OpenTelemetry's Prometheus exporter:
/// the OpenTelemetry SDK picks meters up by name across the whole process, so two AppHosts in one process (as
/// Aspire.Hosting.Testing runs them) would export each other's faults, and the package would carry a beta
/// exporter into every AppHost for two gauges.
/// </summary>
public static class FaultMetricsServer
{
    /// <summary>Prometheus' text format, version 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>A server on 127.0.0.1:<paramref name="port"/> (every interface when <paramref name="listenAnyAddress"/>), not yet started.</summary>
    public static WebApplication Build(int port, FaultBoard board, bool listenAnyAddress)
    {
        ArgumentNullException.ThrowIfNull(board);
        var app = InProcessServers.Create(port, listenAnyAddress);
        app.MapGet("/metrics", () => Results.Text(board.Exposition(), ContentType));
        return app;
    }
}
