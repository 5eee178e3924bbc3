using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MonitoringStack.Tests.Config;

/// <summary>A real HTTP receiver on 127.0.0.1 (Kestrel) that records every POST Alertmanager makes.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedPost> _posts = new();

    public sealed record ReceivedPost(string Path, DateTimeOffset ArrivedAt, JsonElement Body);

    private WebhookReceiver(WebApplication app) => _app = app;

    public IReadOnlyList<ReceivedPost> Posts => _posts.ToArray();

    public static async Task<WebhookReceiver> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            receiver._posts.Enqueue(new ReceivedPost(context.Request.Path.Value ?? "", DateTimeOffset.UtcNow, document.RootElement.Clone()));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="predicate"/> holds for a received post, or fails after <paramref name="timeout"/>.</summary>
    public async Task<ReceivedPost> WaitForAsync(Func<ReceivedPost, bool> predicate, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var match = _posts.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"no {what} within {timeout}; received: {string.Join("\n", _posts.Select(p => $"{p.Path} {p.Body}"))}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
