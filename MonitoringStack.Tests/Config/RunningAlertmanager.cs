using System.Net.Http.Json;
using System.Text.Json;
using MonitoringStack.Tests.Infrastructure;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Tests.Config;

/// <summary>
/// Real Alertmanager (the Debian package's binary) on a free loopback port with the repository's
/// rendered config, temp storage and gossip off, notifying a real webhook receiver on another free port.
/// </summary>
public sealed class RunningAlertmanager : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly string[] _arguments;
    private ManagedProcess _process;

    private RunningAlertmanager(TempFolder folder, string[] arguments, ManagedProcess process, AlertReceiverProcess receiver, string url, HttpClient http)
    {
        _folder = folder;
        _arguments = arguments;
        _process = process;
        Receiver = receiver;
        Url = url;
        Http = http;
    }

    public AlertReceiverProcess Receiver { get; }
    public string Url { get; }
    public HttpClient Http { get; }

    /// <param name="options">Render options (e.g. an SMTP smarthost); the default renders none.</param>
    /// <param name="extraArguments">More Alertmanager flags, e.g. <c>--data.maintenance-interval=1m</c>.</param>
    public static async Task<RunningAlertmanager> StartAsync(RenderOptions? options = null, IEnumerable<string>? extraArguments = null)
    {
        var folder = new TempFolder("am");
        var port = FreePorts.Next();
        var webhookPort = FreePorts.Next();
        var topology = RepositoryConfig.Topology with
        {
            Ports = RepositoryConfig.Topology.Ports with { Alertmanager = port, WebhookReceiver = webhookPort },
        };
        var rendered = StackConfigRenderer.Render(topology, RepositoryConfig.Root, folder.Combine("config"), options ?? new RenderOptions());
        var receiver = await AlertReceiverProcess.StartAsync(webhookPort);
        string[] arguments =
        [
            $"--config.file={rendered.AlertmanagerConfigFile}",
            $"--storage.path={folder.Combine("data")}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=",
            "--log.level=debug",
            .. extraArguments ?? [],
        ];
        var process = ManagedProcess.Start("alertmanager", HostTools.Alertmanager, arguments);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var url = $"http://127.0.0.1:{port}";
        var running = new RunningAlertmanager(folder, arguments, process, receiver, url, http);
        try
        {
            await process.WaitUntilReadyAsync(http, $"{url}/-/ready", TimeSpan.FromSeconds(20));
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
        return running;
    }

    /// <summary>POST /api/v2/alerts, as Prometheus does. <paramref name="resolved"/> sets endsAt to now.</summary>
    public async Task PostAsync(bool resolved = false, params Dictionary<string, string>[] labelSets)
    {
        var now = DateTimeOffset.UtcNow;
        var alerts = labelSets.Select(labels => new Dictionary<string, object>
        {
            ["labels"] = labels,
            ["annotations"] = new Dictionary<string, string>
            {
                ["summary"] = $"{labels["alertname"]} test summary",
                ["description"] = $"{labels["alertname"]} test description",
                ["runbook_url"] = $"docs/runbooks/{labels["alertname"]}.md",
            },
            // Fresh alerts: Alertmanager flushes a group at once (ignoring group_wait) for alerts that
            // started longer than group_wait ago, which would split one POST into several notifications.
            ["startsAt"] = now,
            ["endsAt"] = resolved ? now : now.AddMinutes(5),
            ["generatorURL"] = "http://127.0.0.1:9090/graph",
        }).ToArray();
        using var response = await Http.PostAsJsonAsync(new Uri($"{Url}/api/v2/alerts"), alerts);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/v2/alerts: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>GET /api/v2/alerts (inhibited included) as JSON.</summary>
    public async Task<JsonElement> AlertsAsync()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri($"{Url}/api/v2/alerts?inhibited=true&silenced=true")));
        return document.RootElement.Clone();
    }

    public string Log => _process.Output;

    /// <summary>
    /// kill -9 (SIGKILL: no shutdown hook runs, nothing is flushed), then the same binary with the same
    /// flags, storage folder and port, until ready. What survives is what was on disk.
    /// </summary>
    public async Task KillAndRestartAsync()
    {
        await _process.DisposeAsync();
        _process = ManagedProcess.Start("alertmanager", HostTools.Alertmanager, _arguments);
        await _process.WaitUntilReadyAsync(Http, $"{Url}/-/ready", TimeSpan.FromSeconds(20));
    }

    /// <summary>POST /api/v2/silences; returns the silence id.</summary>
    public async Task<string> SilenceAsync(string alertName, TimeSpan duration)
    {
        var now = DateTimeOffset.UtcNow;
        using var response = await Http.PostAsJsonAsync(new Uri($"{Url}/api/v2/silences"), new
        {
            matchers = new[] { new { name = "alertname", value = alertName, isRegex = false, isEqual = true } },
            startsAt = now,
            endsAt = now + duration,
            createdBy = "tests",
            comment = "crash-safety test",
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /api/v2/silences: {(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("silenceID").GetString()!;
    }

    /// <summary>GET /api/v2/silences as JSON.</summary>
    public async Task<JsonElement> SilencesAsync()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri($"{Url}/api/v2/silences")));
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        await Receiver.DisposeAsync();
        Http.Dispose();
        _folder.Dispose();
    }

    public static Dictionary<string, string> Labels(string alertname, string severity, string? instance = null)
    {
        var labels = new Dictionary<string, string> { ["alertname"] = alertname, ["severity"] = severity, ["job"] = StackTopology.ApiJob };
        if (instance is not null)
        {
            labels["instance"] = instance;
        }
        return labels;
    }
}
