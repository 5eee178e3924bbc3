using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MonitoringStack.Hosting;

/// <summary>
/// Runs the package's small web servers (the alert receiver, the fault metrics) as Kestrel servers inside the
/// AppHost process, and stops them with the AppHost.
/// </summary>
internal sealed class InProcessServers : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, WebApplication> _servers = new(StringComparer.Ordinal);

    /// <summary>
    /// A quiet server (its own logging off: what it has to say goes to its resource's log) on 127.0.0.1:<paramref name="port"/>,
    /// or every interface when containers must reach it, answering <c>GET /health</c>; the caller maps the rest.
    /// </summary>
    public static WebApplication Create(int port, bool listenAnyAddress, Action<KestrelServerOptions>? kestrel = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            kestrel?.Invoke(options);
            options.Listen(listenAnyAddress ? IPAddress.Any : IPAddress.Loopback, port);
        });
        var app = builder.Build();
        app.MapGet("/health", () => "Healthy");
        return app;
    }

    public async Task StartServerAsync(string name, WebApplication server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        _servers[name] = server;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var name in _servers.Keys.ToArray())
        {
            if (_servers.TryRemove(name, out var server))
            {
                await server.StopAsync(cancellationToken).ConfigureAwait(false);
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}
