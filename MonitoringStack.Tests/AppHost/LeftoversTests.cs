using System.Net;
using System.Net.Sockets;
using MonitoringStack.AppHost;
using MonitoringStack.AppHost.Supervision;
using MonitoringStack.Tests.Infrastructure;
using MonitoringStack.Topology;

namespace MonitoringStack.Tests.AppHost;

public sealed class LeftoversTests
{
    [Fact]
    public void A_stack_port_held_by_another_program_stops_the_start_with_the_port_and_component_named()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var taken = ((IPEndPoint)listener.LocalEndpoint).Port;
        var stack = Settings(new ComponentPorts
        {
            Nginx = FreePorts.Next(), NginxStatus = FreePorts.Next(), Prometheus = taken, Alertmanager = FreePorts.Next(),
            Grafana = FreePorts.Next(), NodeExporter = FreePorts.Next(), NginxExporter = FreePorts.Next(),
            LoadGenMetrics = FreePorts.Next(), WebhookReceiver = FreePorts.Next(),
        });

        var error = Assert.Throws<StackConfigurationException>(() => Leftovers.Clean(stack));

        Assert.Contains($"port {taken} (prometheus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_of_a_stack_that_never_ran_is_found_and_free_ports_pass()
    {
        var stack = Settings(new ComponentPorts
        {
            Nginx = FreePorts.Next(), NginxStatus = FreePorts.Next(), Prometheus = FreePorts.Next(), Alertmanager = FreePorts.Next(),
            Grafana = FreePorts.Next(), NodeExporter = FreePorts.Next(), NginxExporter = FreePorts.Next(),
            LoadGenMetrics = FreePorts.Next(), WebhookReceiver = FreePorts.Next(),
        });

        Assert.Empty(Leftovers.Find(stack.StateDirectory));
        Assert.Empty(Leftovers.Clean(stack));
    }

    private static StackSettings Settings(ComponentPorts ports) => new()
    {
        Topology = new StackTopology { Replicas = 1, MaxReplicas = 1, ApiBasePort = FreePorts.Next(), Ports = ports }.Validate(),
        RepositoryRoot = StackTopology.FindRepositoryRoot(),
        StateDirectory = Path.Combine(Path.GetTempPath(), "ms-leftovers-" + Guid.NewGuid().ToString("N")),
        Infrastructure = new InfrastructureChoice(InfrastructureKind.Executables, "test"),
        ExperimentsOutput = Path.GetTempPath(),
    };
}
