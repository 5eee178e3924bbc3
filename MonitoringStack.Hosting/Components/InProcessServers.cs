using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace MonitoringStack.Hosting;

/// <summary>
/// Runs the package's small web servers (the alert receiver, the fault metrics) as Kestrel servers inside the
/// AppHost process, and stops them with the AppHost.
/// </summary>
internal sealed class InProcessServers : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, WebApplication> _servers = new(StringComparer.Ordinal);

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
