using MonitoringStack.Tests.Api;

namespace MonitoringStack.Tests.LoadGen;

/// <summary>The real MonitoringStack.Api as its own process for a test class (not WebApplicationFactory: real sockets).</summary>
public sealed class RealApi : IAsyncLifetime
{
    private ApiProcess? _api;

    public Uri BaseAddress => Api.BaseAddress;

    private ApiProcess Api => _api ?? throw new InvalidOperationException("the API is not started yet");

    public async Task InitializeAsync() =>
        // Quiet: a load test's thousands of requests would flood the captured output.
        _api = await ApiProcess.StartAsync(new Dictionary<string, string> { ["Logging:LogLevel:Default"] = "Warning" });

    /// <summary>The API's own count of answered requests to <paramref name="route"/> (its server-side histogram).</summary>
    public async Task<long> ServerRequestCountAsync(string route) =>
        (long)(await Api.ScrapeAsync()).Sum("http_server_request_duration_seconds_count", ("http_route", route));

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }
}
