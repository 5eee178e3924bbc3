using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MonitoringStack.Hosting;

/// <summary>
/// Runs each <see cref="AlertReceiverResource"/> as a small Kestrel server inside the AppHost process and
/// stops it with the AppHost. Its log lines go to the resource's log in the dashboard.
/// </summary>
internal sealed class AlertReceiverHost : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, WebApplication> _servers = new(StringComparer.Ordinal);

    public async Task StartReceiverAsync(AlertReceiverResource receiver, ILogger resourceLog, CancellationToken cancellationToken)
    {
        var server = AlertReceiverServer.Build(receiver.Port, receiver.JournalFile, receiver.ListenAnyAddress, resourceLog);
        await server.StartAsync(cancellationToken).ConfigureAwait(false);
        _servers[receiver.Name] = server;
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
