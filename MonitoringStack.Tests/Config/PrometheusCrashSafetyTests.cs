using System.Globalization;
using System.Text.Json;
using MonitoringStack.Tests.Infrastructure;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Tests.Config;

/// <summary>
/// Issue 12 item 4, Prometheus: kill -9 while it scrapes a real API replica under load. After a restart
/// on the same storage folder, every sample written before the kill is still queryable (Prometheus
/// replays its write-ahead log: each scrape's samples are written to the WAL file before the scrape
/// counts as done, so a killed process loses nothing the kernel already has), and the only gap in the
/// series is the time Prometheus was down.
/// </summary>
public sealed class PrometheusCrashSafetyTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(5); // job "api" in config/prometheus/prometheus.yml
    private readonly TempFolder _folder = new("promcrash");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stopLoad = new();
    private ManagedProcess _api = null!;
    private ManagedProcess _prometheus = null!;
    private string[] _prometheusArguments = [];
    private string _prometheusUrl = "";
    private string _apiUrl = "";
    private Task _load = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var topology = new StackTopology
        {
            Replicas = 1,
            ApiBasePort = FreePorts.Next(),
            Ports = new ComponentPorts
            {
                Nginx = FreePorts.Next(), NginxStatus = FreePorts.Next(), Prometheus = FreePorts.Next(),
                Alertmanager = FreePorts.Next(), Grafana = FreePorts.Next(), NodeExporter = FreePorts.Next(),
                NginxExporter = FreePorts.Next(), LoadGenMetrics = FreePorts.Next(), WebhookReceiver = FreePorts.Next(), FaultMetrics = FreePorts.Next(),
            },
        }.Validate();
        var rendered = StackConfigRenderer.Render(topology, RepositoryConfig.Root, _folder.Combine("config"), new RenderOptions { ScrapeLoadGen = false });
        _apiUrl = $"http://127.0.0.1:{topology.ApiBasePort}";
        _api = ShippedApi.Start(["--urls", _apiUrl],
            new Dictionary<string, string> { ["Service__InstanceId"] = "api-0", ["Logging__LogLevel__Default"] = "Warning" }, "api-0");
        _prometheusUrl = $"http://127.0.0.1:{topology.Ports.Prometheus}";
        _prometheusArguments =
        [
            $"--config.file={rendered.PrometheusConfigFile}",
            $"--storage.tsdb.path={_folder.Combine("tsdb")}",
            $"--web.listen-address=127.0.0.1:{topology.Ports.Prometheus}",
        ];
        _prometheus = ManagedProcess.Start("prometheus", HostTools.Prometheus, _prometheusArguments);
        await _api.WaitUntilReadyAsync(_http, $"{_apiUrl}/health", TimeSpan.FromSeconds(30));
        await _prometheus.WaitUntilReadyAsync(_http, $"{_prometheusUrl}/-/ready", TimeSpan.FromSeconds(30));
        _load = Task.Run(() => LoadAsync(_stopLoad.Token));
    }

    public async Task DisposeAsync()
    {
        await _stopLoad.CancelAsync();
        await _load;
        await _prometheus.DisposeAsync();
        await _api.DisposeAsync();
        Dispose();
    }

    public void Dispose()
    {
        _stopLoad.Dispose();
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Samples_written_before_a_kill_9_survive_and_the_gap_is_only_the_downtime()
    {
        // About five scrapes of the API under load before the kill.
        await Eventually.AssertAsync(async () => (await RawSamplesAsync("up{job=\"api\"}")).Length >= 5,
            "five scrapes of the API before the kill", TimeSpan.FromSeconds(60));
        var before = await RawSamplesAsync("up{job=\"api\"}");
        var requestsBefore = await RawSamplesAsync(DataRequests);
        Assert.NotEmpty(requestsBefore);

        var killedAt = DateTimeOffset.UtcNow;
        await _prometheus.DisposeAsync(); // Process.Kill: SIGKILL, no shutdown, no head compaction
        await Task.Delay(TimeSpan.FromSeconds(3));
        _prometheus = ManagedProcess.Start("prometheus", HostTools.Prometheus, _prometheusArguments);
        await _prometheus.WaitUntilReadyAsync(_http, $"{_prometheusUrl}/-/ready", TimeSpan.FromSeconds(60));
        var readyAt = DateTimeOffset.UtcNow;
        Assert.Contains("WAL replay completed", _prometheus.Output, StringComparison.Ordinal);

        // A few scrapes after the restart.
        await Eventually.AssertAsync(async () => (await RawSamplesAsync("up{job=\"api\"}")).Count(s => s.At > readyAt) >= 2,
            "two scrapes after the restart", TimeSpan.FromSeconds(30));
        var after = await RawSamplesAsync("up{job=\"api\"}");

        // Every sample queried before the kill is still there, with its value.
        Assert.All(before, sample => Assert.Contains(sample, after));
        var requestsAfter = await RawSamplesAsync(DataRequests);
        Assert.All(requestsBefore, sample => Assert.Contains(sample, requestsAfter));

        // The largest hole between two scrapes is the downtime plus at most one interval on each side.
        var gaps = after.Zip(after.Skip(1), (a, b) => b.At - a.At).ToArray();
        var downtime = readyAt - killedAt;
        Assert.True(gaps.Max() <= downtime + 2 * ScrapeInterval + TimeSpan.FromSeconds(1),
            $"largest gap {gaps.Max().TotalSeconds:F1} s, downtime {downtime.TotalSeconds:F1} s; samples: {string.Join(", ", after.Select(s => s.At.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)))}");
        // Outside the downtime the series is as regular as the scrape interval (one late scrape allowed
        // for on a busy machine): no other hole.
        Assert.All(gaps.Order().SkipLast(1), g => Assert.True(g <= 2 * ScrapeInterval, $"a second gap of {g.TotalSeconds:F1} s"));
    }

    private const string DataRequests = "http_server_request_duration_seconds_count{job=\"api\",http_route=\"/data\",http_request_method=\"GET\",http_response_status_code=\"200\"}";

    private sealed record RawSample(DateTimeOffset At, string Value);

    /// <summary>The raw samples of the last 10 minutes (a range-vector selector: no interpolation).</summary>
    private async Task<RawSample[]> RawSamplesAsync(string selector)
    {
        var url = $"{_prometheusUrl}/api/v1/query?query={Uri.EscapeDataString($"{selector}[10m]")}";
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri(url)));
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        if (result.GetArrayLength() == 0)
        {
            return [];
        }
        Assert.True(result.GetArrayLength() == 1, $"{selector} selects {result.GetArrayLength()} series: {result}");
        return [.. result[0].GetProperty("values").EnumerateArray().Select(v =>
            new RawSample(DateTimeOffset.FromUnixTimeMilliseconds((long)(v[0].GetDouble() * 1000)), v[1].GetString()!))];
    }

    /// <summary>Steady requests to the replica (about 50/s), so its counters move between scrapes.</summary>
    private async Task LoadAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var _ = await _http.GetAsync(new Uri($"{_apiUrl}/data?page=1&pageSize=5"), stop);
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException)
            {
            }
        }
    }
}
