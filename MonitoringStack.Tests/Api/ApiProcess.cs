using System.Net.Http.Json;
using MonitoringStack.Tests.Infrastructure;

namespace MonitoringStack.Tests.Api;

/// <summary>
/// The real API as a child process (the shipped binary, <see cref="ShippedApi"/>) on a free
/// loopback port, configured through environment variables, its console output captured. Disposing kills
/// it (whole process tree), so a failing test never leaves a process behind.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    public const string ChaosToken = "test-chaos-token";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);

    private readonly ManagedProcess _process;

    private ApiProcess(ManagedProcess process, int port, string instanceId)
    {
        _process = process;
        Port = port;
        InstanceId = instanceId;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public string InstanceId { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client for this instance (30 s timeout; tests that expect silence use their own).</summary>
    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Lines the process wrote to stdout and stderr so far.</summary>
    public IReadOnlyList<string> Output => _process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Settings for an instance with the chaos switches on (token <see cref="ChaosToken"/>).</summary>
    public static Dictionary<string, string> ChaosEnabled() => new()
    {
        ["Chaos:Enabled"] = "true",
        ["Chaos:Token"] = ChaosToken,
    };

    /// <summary>Starts an instance with <paramref name="settings"/> (configuration keys, e.g. <c>Work:MaxConcurrency</c>) and waits until it is live.</summary>
    /// <exception cref="InvalidOperationException">The API exited before it was live (e.g. refused its settings).</exception>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePorts.Next();
        var instanceId = $"test-api-{port}";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Service__InstanceId"] = instanceId,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var api = new ApiProcess(ShippedApi.Start([], environment, instanceId), port, instanceId);
        try
        {
            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            await api._process.WaitUntilReadyAsync(probe, new Uri(api.BaseAddress, "/alive").ToString(), StartTimeout);
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
        return api;
    }

    /// <summary>Waits for the process to exit on its own; false if it did not within <paramref name="timeout"/>.</summary>
    public Task<bool> WaitForExitAsync(TimeSpan timeout) => _process.ExitsWithinAsync(timeout);

    /// <summary>A chaos request with the right token.</summary>
    public async Task<HttpResponseMessage> ChaosAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Chaos-Token", ChaosToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await Client.SendAsync(request);
    }

    /// <summary>POSTs a chaos switch and fails the test unless it was accepted.</summary>
    public async Task ActivateAsync(string path, object? body = null)
    {
        using var response = await ChaosAsync(HttpMethod.Post, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
    }

    public async Task<MetricsSnapshot> ScrapeAsync() =>
        MetricsSnapshot.Parse(await Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

    /// <summary>Scrapes until <paramref name="condition"/> holds; returns that scrape.</summary>
    public async Task<MetricsSnapshot> ScrapeUntilAsync(Func<MetricsSnapshot, bool> condition, string what, TimeSpan? timeout = null)
    {
        MetricsSnapshot? last = null;
        await Eventually.AssertAsync(async () => condition(last = await ScrapeAsync()), what, timeout);
        return last!;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync();
    }
}
