using System.Net.Http.Json;
using System.Text.Json;
using MonitoringStack.Hosting;

namespace MonitoringStack.Tests.Infrastructure;

/// <summary>
/// The one webhook receiver of the tests: the stack's own alert receiver (MonitoringStack.AlertReceiver)
/// as a real process on a loopback port, so what Alertmanager delivers in a test is read back the way the
/// experiments read it (<c>GET /notifications</c>), not through a look-alike.
/// </summary>
public sealed class AlertReceiverProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ManagedProcess _process;
    private readonly HttpClient _http;

    private AlertReceiverProcess(ManagedProcess process, HttpClient http, int port)
    {
        _process = process;
        _http = http;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => _http.BaseAddress!;

    public string Output => _process.Output;

    /// <param name="journalFile">Where it keeps its history across restarts; none keeps it in memory only.</param>
    public static async Task<AlertReceiverProcess> StartAsync(int port, string? journalFile = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["Logging__LogLevel__Default"] = "Warning" };
        if (journalFile is not null)
        {
            environment["AlertReceiver__JournalFile"] = journalFile;
        }
        var process = DotnetApp.Start(BuildOutput.AlertReceiver, ["--urls", $"http://127.0.0.1:{port}"], environment, "alert-receiver");
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        var receiver = new AlertReceiverProcess(process, http, port);
        try
        {
            await process.WaitUntilReadyAsync(http, new Uri(receiver.BaseAddress, "/health").ToString(), TimeSpan.FromSeconds(30));
        }
        catch
        {
            await receiver.DisposeAsync();
            throw;
        }
        return receiver;
    }

    /// <summary>Every notification received so far, oldest first.</summary>
    public async Task<IReadOnlyList<ReceivedNotification>> NotificationsAsync() =>
        await _http.GetFromJsonAsync<ReceivedNotification[]>(new Uri("/notifications", UriKind.Relative), Json) ?? [];

    /// <summary>Waits until a notification matching <paramref name="predicate"/> has arrived; fails after <paramref name="timeout"/>.</summary>
    public async Task<ReceivedNotification> WaitForAsync(Func<ReceivedNotification, bool> predicate, TimeSpan timeout, string what)
    {
        IReadOnlyList<ReceivedNotification> received = [];
        ReceivedNotification? match = null;
        await Eventually.AssertAsync(async () =>
        {
            received = await NotificationsAsync();
            match = received.FirstOrDefault(predicate);
            return match is not null;
        }, () => $"{what}; received: {string.Join("\n", received.Select(n => $"{n.Path} {n.Payload}"))}", timeout, TimeSpan.FromMilliseconds(100));
        return match!;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }
}
