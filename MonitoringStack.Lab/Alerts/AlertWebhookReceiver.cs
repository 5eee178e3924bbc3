using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MonitoringStack.Lab.Alerts;

/// <summary>
/// Alertmanager's webhook target inside the Lab (127.0.0.1:webhookReceiver). Every notification is
/// appended with its arrival time to alerts.jsonl and kept in memory; the experiments measure
/// detection time from it. Any POST path is accepted (<c>/alerts</c>; <c>/slack</c> when no Slack URL is set).
/// </summary>
public sealed class AlertWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _jsonlPath;
    private readonly List<AlertNotification> _received = [];
    private readonly Lock _gate = new();

    private AlertWebhookReceiver(WebApplication app, string? jsonlPath)
    {
        _app = app;
        _jsonlPath = jsonlPath;
    }

    public event Action<AlertNotification>? Received;

    public IReadOnlyList<AlertNotification> Notifications
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<AlertWebhookReceiver> StartAsync(int port, string? jsonlPath, CancellationToken cancellationToken = default)
    {
        var app = LoopbackWebApp.CreateBuilder(port).Build();
        var receiver = new AlertWebhookReceiver(app, jsonlPath);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            var receivedAt = DateTimeOffset.UtcNow;
            var payload = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
            receiver.Add(AlertNotification.Parse(receivedAt, context.Request.Path.Value ?? "/", payload));
            return Results.Ok();
        });
        await app.StartAsync(cancellationToken);
        return receiver;
    }

    /// <summary>The first received alert (firing or resolved) that matches, waiting up to <paramref name="timeout"/>; null if none came.</summary>
    public async Task<(AlertNotification Notification, ReceivedAlert Alert)?> WaitForAsync(
        Func<ReceivedAlert, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            foreach (var notification in Notifications)
            {
                var alert = notification.Alerts.FirstOrDefault(match);
                if (alert is not null)
                {
                    return (notification, alert);
                }
            }
            if (DateTimeOffset.UtcNow >= deadline)
            {
                return null;
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private void Add(AlertNotification notification)
    {
        lock (_gate)
        {
            _received.Add(notification);
            if (_jsonlPath is not null)
            {
                var line = new { receivedAt = notification.ReceivedAt, path = notification.Path, payload = notification.Payload };
                File.AppendAllText(_jsonlPath, JsonSerializer.Serialize(line, LabJson.Lines) + "\n");
            }
        }
        Received?.Invoke(notification);
    }
}
