using System.Net;
using System.Net.Sockets;
using MonitoringStack.AppHost;
using MonitoringStack.Hosting;
using MonitoringStack.Tests.Config;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;
using MonitoringStack.AppHost.Supervision;

namespace MonitoringStack.Tests.AppHost;

public sealed class LeftoversTests : IDisposable
{
    private readonly TempFolder _state = new("leftovers");

    public void Dispose() => _state.Dispose();

    [Fact]
    public void A_stack_port_held_by_another_program_stops_the_start_with_the_port_and_component_named()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var taken = ((IPEndPoint)listener.LocalEndpoint).Port;
        var stack = Settings(FreeComponentPorts() with { Prometheus = taken });

        var error = Assert.Throws<StackConfigurationException>(() => Leftovers.Clean(stack));

        Assert.Contains($"port {taken} (prometheus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_of_a_stack_that_never_ran_is_found_and_free_ports_pass()
    {
        var stack = Settings(FreeComponentPorts());

        Assert.Empty(Leftovers.Find(stack.StateDirectory));
        Assert.Empty(Leftovers.Clean(stack));
    }

    [Fact]
    public async Task An_nginx_worker_whose_master_was_killed_is_a_leftover_though_nginx_hides_the_marker()
    {
        var stack = Settings(FreeComponentPorts());
        var rendered = StackConfigRenderer.Render(stack.Topology, stack.RepositoryRoot, Path.Combine(stack.StateDirectory, "rendered", "local"), new RenderOptions());
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        // As DCP starts it: in its prefix folder, with the marker in its environment (which nginx's process title overwrites).
        await using var master = ManagedProcess.Start("nginx", HostTools.Nginx,
            ["-e", "stderr", "-p", rendered.NginxPrefixDirectory, "-c", rendered.NginxConfigFile, "-g", "daemon off;"],
            new Dictionary<string, string> { [Leftovers.MarkerVariable] = Leftovers.StackId(stack.StateDirectory) },
            rendered.NginxPrefixDirectory);
        await master.WaitUntilReadyAsync(http, $"http://127.0.0.1:{stack.Topology.Ports.NginxStatus}/stub_status", TimeSpan.FromSeconds(20));
        var worker = Assert.Single(ProcessTable.Children(master.Id));
        try
        {
            master.KillProcessOnly();
            // Not the process's own exit wait: that also waits for the end of its output, which the orphan still holds.
            await Eventually.AssertAsync(() => Task.FromResult(!ProcessTable.IsAlive(master.Id)), "nginx's master dies of SIGKILL");
            Assert.False(Leftovers.IsFree(stack.Topology.Ports.Nginx), "the orphaned worker was meant to keep nginx's port");

            Assert.Equal([worker], Leftovers.Find(stack.StateDirectory));
            var cleaned = Leftovers.Clean(stack);

            Assert.Equal($"killed leftover process {worker} (nginx: worker process)", Assert.Single(cleaned));
            Assert.False(ProcessTable.IsAlive(worker));
        }
        finally
        {
            ProcessSignals.Signal(worker, ProcessSignals.SIGKILL);
        }
    }

    private static ComponentPorts FreeComponentPorts() => new()
    {
        Nginx = FreePorts.Next(), NginxStatus = FreePorts.Next(), Prometheus = FreePorts.Next(), Alertmanager = FreePorts.Next(),
        Grafana = FreePorts.Next(), NodeExporter = FreePorts.Next(), NginxExporter = FreePorts.Next(),
        LoadGenMetrics = FreePorts.Next(), WebhookReceiver = FreePorts.Next(), FaultMetrics = FreePorts.Next(),
    };

    private StackSettings Settings(ComponentPorts ports) => new()
    {
        Topology = new StackTopology { Replicas = 1, MaxReplicas = 1, ApiBasePort = FreePorts.Next(), Ports = ports }.Validate(),
        RepositoryRoot = StackTopology.FindRepositoryRoot(),
        StateDirectory = _state.Path,
        Infrastructure = new InfrastructureChoice(MonitoringRuntime.Executable, "test"),
        ExperimentsOutput = Path.GetTempPath(),
    };
}
