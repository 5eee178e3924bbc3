using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>
/// The AppHost's <see cref="FaultBoard"/> as a Prometheus target, served inside the AppHost (no project, no
/// container): <c>GET /metrics</c>. Prometheus of the package scrapes it as job <see cref="JobName"/>.
/// </summary>
public sealed class FaultMetricsResource(string name, int port, bool listenAnyAddress) : Resource(name), IInProcessServerResource
{
    /// <summary>The scrape job the package renders for it (the stack's prometheus.yml names it the same).</summary>
    public const string JobName = "faults";

    public int Port { get; } = port;

    /// <summary>True when a Prometheus container must reach it (it then listens on every interface, not only 127.0.0.1).</summary>
    public bool ListenAnyAddress { get; } = listenAnyAddress;

    public Uri Url => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The address Prometheus scrapes: through the container host name when Prometheus is a container.</summary>
    internal string ScrapeAddress(bool fromContainer, string containerHostName) =>
        $"{(fromContainer ? containerHostName : "127.0.0.1")}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
