using System.Net;

namespace MonitoringStack.Load.Engine;

/// <summary>
/// The HTTP client of the load path: a bare <see cref="SocketsHttpHandler"/> behind an
/// <see cref="HttpMessageInvoker"/> (no HttpClient: its per-request timeout machinery and response
/// buffering cost throughput; the run applies its own timeout). Deliberately not from
/// IHttpClientFactory, whose defaults (service defaults) add a resilience handler: retries would
/// hide the very errors a load test is there to count.
/// </summary>
internal static class LoadHttpClient
{
    public static HttpMessageInvoker Create(LoadProfile profile)
    {
        var users = profile.Phases.OfType<VirtualUserPhase>().Select(p => p.Users).DefaultIfEmpty(0).Max();
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = profile.MaxConnections ?? Math.Max(profile.MaxInFlight, users),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = profile.RequestTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            // No traceparent header on load requests: each would start a trace in the target.
            ActivityHeadersPropagator = null,
        };
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }
}
