using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace MonitoringStack.Hosting;

/// <summary>
/// Makes nginx read its rewritten configuration without dropping a request: a graceful reload (new workers
/// take new connections, old workers finish theirs and exit). As an executable that is SIGHUP to the master,
/// and the reload counts as done when the old workers are gone, which is the drain; as a container it is
/// <c>nginx -s reload</c> through the runtime.
/// </summary>
public static class NginxReload
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(15);

    public static async Task ReloadAsync(INginxResource nginx, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nginx);
        if (nginx.Settings.Services?.GetService<ResourceSnapshots>() is not { } snapshots)
        {
            // Not started yet: it reads the current configuration when it starts.
            return;
        }
        if (nginx is ContainerResource)
        {
            await ReloadContainerAsync(snapshots, nginx.Name, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (snapshots.Pid(nginx.Name) is not { } master)
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

    private static async Task ReloadContainerAsync(ResourceSnapshots snapshots, string resource, CancellationToken cancellationToken)
    {
        var id = snapshots.Get(resource)?.Properties.FirstOrDefault(p => p.Name == "container.id")?.Value?.ToString();
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
