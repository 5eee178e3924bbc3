using System.Net;
using System.Net.Sockets;
using MonitoringStack.Lab;
using MonitoringStack.Lab.Stack;
using MonitoringStack.Tests.Infrastructure;
using MonitoringStack.Topology;

namespace MonitoringStack.Tests.Lab;

public class PortCheckTests
{
    [Fact]
    public void A_taken_port_is_reported_with_its_component_name()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var taken = ((IPEndPoint)listener.LocalEndpoint).Port;
        var free = FreePorts.Next();

        var error = Assert.Throws<LabException>(() => PortCheck.EnsureFree([KeyValuePair.Create("prometheus", taken), KeyValuePair.Create("nginx", free)]));

        Assert.Contains($"prometheus port {taken}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nginx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Free_ports_pass()
    {
        PortCheck.EnsureFree([KeyValuePair.Create("alertmanager", FreePorts.Next()), KeyValuePair.Create("webhook", FreePorts.Next())]);
    }

    [Fact]
    public void Port_offset_moves_every_port_and_named_overrides_move_one()
    {
        var topology = new StackTopology();

        var moved = topology.WithPortOffset(1000).WithPorts(["prometheus=19999"]);

        Assert.Equal(topology.ApiBasePort + 1000, moved.ApiBasePort);
        Assert.Equal(topology.Ports.LabControl + 1000, moved.Ports.LabControl);
        Assert.Equal(topology.Ports.Nginx + 1000, moved.Ports.Nginx);
        Assert.Equal(19999, moved.Ports.Prometheus);
        // Every named port of the topology is moved (none forgotten in the offset).
        Assert.All(topology.AllPorts(), p => Assert.NotEqual(p.Value, topology.WithPortOffset(1000).AllPorts()[p.Key]));
    }

    [Fact]
    public void Unknown_port_names_are_rejected_with_the_valid_names()
    {
        var error = Assert.Throws<LabException>(() => new StackTopology().WithPorts(["promethus=1"]));
        Assert.Contains("prometheus", error.Message, StringComparison.Ordinal);
    }
}
