using Microsoft.Extensions.Hosting;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost.Supervision;

/// <summary>
/// Lists the load generator as a Prometheus target exactly while it runs (it starts only when asked),
/// so no target sits down because its component was never started.
/// </summary>
public sealed class LoadGenTargets(ResourceNotificationService notifications, StackSettings stack, RenderedConfig config) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        bool? listed = null;
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                if (update.Resource.Name != StackEndpoints.LoadGenResource)
                {
                    continue;
                }
                var running = update.Snapshot.State?.Text == KnownResourceStates.Running;
                if (running != listed)
                {
                    StackConfigRenderer.WriteLoadGenTargets(config, stack.Topology, running);
                    listed = running;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The AppHost is shutting down (or was built and disposed without starting).
        }
    }
}
