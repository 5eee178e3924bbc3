using MonitoringStack.Topology;

namespace MonitoringStack.Tests.Topology;

public class StackTopologyTests
{
    [Fact]
    public void Repository_topology_file_loads_and_validates()
    {
        var root = StackTopology.FindRepositoryRoot();
        var topology = StackTopology.Load(Path.Combine(root, "config", "topology.json"));

        Assert.True(topology.Replicas >= 1);
        Assert.Equal(topology.Replicas, topology.ApiReplicas.Count);
        Assert.DoesNotContain(8080, topology.AllPorts().Values);
    }

    [Fact]
    public void Replicas_get_consecutive_ports_and_stable_names()
    {
        var topology = new StackTopology { Replicas = 3, ApiBasePort = 6000 };

        Assert.Equal(["api-0", "api-1", "api-2"], topology.ApiReplicas.Select(r => r.Name));
        Assert.Equal([6000, 6001, 6002], topology.ApiReplicas.Select(r => r.Port));
    }

    [Theory]
    [InlineData(0, 5101, "replicas")]
    [InlineData(2, 80, "api-0")]
    [InlineData(2, 9089, "9090")]
    [InlineData(7, 5101, "maxReplicas")]
    public void Invalid_topologies_are_rejected_with_the_field_named(int replicas, int basePort, string expected)
    {
        var topology = new StackTopology { Replicas = replicas, ApiBasePort = basePort };

        var error = Assert.Throws<TopologyException>(() => topology.Validate());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_possible_replica_owns_its_port_from_the_start()
    {
        var topology = new StackTopology { Replicas = 2, MaxReplicas = 4, ApiBasePort = 6000 };

        Assert.Equal([6000, 6001, 6002, 6003], topology.PossibleApiReplicas.Select(r => r.Port));
        Assert.Contains(6003, topology.AllPorts().Values);
    }
}
