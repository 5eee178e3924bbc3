using System.Diagnostics;
using MonitoringStack.AppHost.Supervision;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost.Scaling;

/// <summary>
/// Makes nginx read its rewritten upstream list without dropping a request: a graceful reload (new
/// workers take new connections, old workers finish theirs and exit). As a host executable that is
/// SIGHUP to the master, and the reload counts as done when the old workers are gone, which is the
/// drain; in a container it is <c>nginx -s reload</c> through the runtime.
/// </summary>
public sealed class NginxReloader(ResourceSnapshots snapshots, StackSettings stack)
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(15);

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        if (stack.InfrastructureAs == InfrastructureKind.Containers)
        {
            await ReloadContainerAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        if (snapshots.Pid(StackEndpoints.NginxResource) is not { } master)
        {
            return;
        }
        var oldWorkers = ProcessTable.Children(master);
        ProcessSignals.Signal(master, ProcessSignals.SIGHUP);
        var deadline = DateTimeOffset.UtcNow + DrainLimit;
        while (oldWorkers.Any(ProcessTable.IsAlive) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReloadContainerAsync(CancellationToken cancellationToken)
    {
        var id = snapshots.Get(StackEndpoints.NginxResource)?.Properties.FirstOrDefault(p => p.Name == "container.id")?.Value?.ToString();
        if (string.IsNullOrEmpty(id))
        {
            return;
        }
        foreach (var runtime in new[] { "docker", "podman" })
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(runtime, ["exec", id, "nginx", "-s", "reload"]) { RedirectStandardError = true, RedirectStandardOutput = true });
                if (process is null)
                {
                    continue;
                }
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                if (process.ExitCode == 0)
                {
                    return;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // This runtime is not installed; try the next.
            }
        }
    }
}
