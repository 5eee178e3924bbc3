using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace MonitoringStack.Hosting;

/// <summary>
/// The latest dashboard snapshot of every resource, by resource name, from Aspire's resource
/// notifications: where fault and scale commands find a replica's state and process id.
/// </summary>
public sealed class ResourceSnapshots(ResourceNotificationService notifications) : BackgroundService
{
    private readonly ConcurrentDictionary<string, CustomResourceSnapshot> _latest = new(StringComparer.Ordinal);

    public CustomResourceSnapshot? Get(string resource) => _latest.GetValueOrDefault(resource);

    public string? State(string resource) => Get(resource)?.State?.Text;

    public int? Pid(string resource) => Get(resource) is { } snapshot ? ProcessSignals.Pid(snapshot) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                _latest[update.Resource.Name] = update.Snapshot;
            }
        }
        catch (OperationCanceledException)
        {
            // The AppHost is shutting down (or was built and disposed without starting).
        }
    }
}
