using System.Diagnostics;
using MonitoringStack.Lab.Faults;
using MonitoringStack.Lab.Stack;
using MonitoringStack.Lab.Supervision;

namespace MonitoringStack.Tests.Lab;

/// <summary>Shutdown and leftovers: nothing may stay behind, not even after a crashed Lab.</summary>
public sealed class LabShutdownTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("lab-shutdown-state-").FullName;

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public async Task Stopping_leaves_no_process_no_registry_and_no_iptables_rule_even_with_faults_active()
    {
        var stack = await LocalStack.StartAsync(LabTestStack.Options(replicas: 1, replicaPortBlock: 1, _state));
        IReadOnlyList<int> pids;
        try
        {
            var replica = stack.ApiReplicas[0];
            if (Posix.IsRoot)
            {
                stack.Faults.Partition(replica.Name);
                Assert.Contains(NetworkPartition.Tag(stack.State.StackId, replica.Name), IptablesRules(), StringComparison.Ordinal);
                // The replica no longer answers: packets to its port are dropped.
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
                await Assert.ThrowsAnyAsync<Exception>(() => http.GetAsync(replica.Spec.Url + "/health"));
            }
            else
            {
                Assert.Throws<FaultNotSupportedException>(() => stack.Faults.Partition(replica.Name));
            }
            stack.Faults.Pause(StackResources.NodeExporter);
            pids = LabTestStack.AllPids(stack);
            Assert.True(pids.Count >= 7, $"expected the replica, nginx master+worker, prometheus, alertmanager, two exporters; got {pids.Count}");
            Assert.True(File.Exists(stack.State.RegistryFile));
        }
        finally
        {
            await stack.StopAsync();
        }

        Assert.All(pids, pid => Assert.False(ProcFs.IsAlive(pid), $"pid {pid} still alive"));
        Assert.False(File.Exists(stack.State.RegistryFile));
        Assert.DoesNotContain(NetworkPartition.TagPrefix + stack.State.StackId, IptablesRules(), StringComparison.Ordinal);
        Assert.All(stack.Resources, r => Assert.Equal(ResourceState.Stopped, r.State));
    }

    [Fact]
    public async Task The_next_start_cleans_up_what_a_crashed_lab_left_running()
    {
        var state = new StateFolder(_state);
        // A "leftover": a process group registered by a Lab that no longer exists.
        using var leftover = Process.Start(new ProcessStartInfo("setsid", ["sleep", "120"]) { UseShellExecute = false })!;
        await Task.Delay(100);
        var registry = new RegistryContent
        {
            Lab = new RegistryEntry(int.MaxValue - 1, 1),
            Processes = { ["api-0"] = new RegistryEntry(leftover.Id, ProcFs.StartTicks(leftover.Id)!.Value) },
        };
        Directory.CreateDirectory(state.Root);
        await File.WriteAllTextAsync(state.RegistryFile, System.Text.Json.JsonSerializer.Serialize(registry, MonitoringStack.Lab.LabJson.Indented));

        var cleaned = ProcessRegistry.CleanLeftovers(state);

        Assert.Contains(cleaned, line => line.Contains($"pid {leftover.Id}", StringComparison.Ordinal));
        Assert.True(leftover.WaitForExit(5000));
        Assert.False(File.Exists(state.RegistryFile));
    }

    private static string IptablesRules()
    {
        if (!Posix.IsRoot)
        {
            return "";
        }
        using var process = Process.Start(new ProcessStartInfo("iptables", ["-w", "-S", "INPUT"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
