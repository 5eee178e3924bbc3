using System.Net;
using System.Net.Sockets;
using MonitoringStack.Hosting;
using MonitoringStack.Tests.Infrastructure;
using MonitoringStack.AppHost.Supervision;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// The AppHost run as a process, as a user runs it, with a bad verb, option or setting: it answers one
/// line naming what is wrong and what is allowed, exits 2 (bad input) or 1 (this machine cannot run the
/// stack), prints no stack trace, and starts nothing: no state folder, no process of the stack.
/// </summary>
public sealed class AppHostBadInputTests : IDisposable
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(30);
    private readonly AppHostWorkspace _workspace = new(replicas: 1);

    public void Dispose() => _workspace.Dispose();

    /// <summary>The verb's words (before the workspace's settings), what follows them, and what the one line must name.</summary>
    public static TheoryData<string[], string[], string> BadInput() => new()
    {
        { [], ["--Parameters:replicas=abc"], "Parameters:replicas must be a whole number" },
        { [], ["--Parameters:replicas=99"], "Parameters:replicas must be between 1 and maxReplicas" },
        { [], ["--Parameters:replicas=0"], "Parameters:replicas must be between 1 and maxReplicas" },
        { [], ["--Parameters:chaos-token=two words"], "Parameters:chaos-token must be visible ASCII" },
        { [], ["--Parameters:grafana-admin-password="], "Parameters:grafana-admin-password must be a non-empty value" },
        { [], ["--Parameters:replica=2"], "unknown setting 'Parameters:replica'" },
        { [], ["--Stack:InfrastructureAs=vms"], "Stack:InfrastructureAs must be containers or executables, got 'vms'" },
        { [], ["--Stack:FreshData=maybe"], "Stack:FreshData must be true or false" },
        { [], ["--Stack:ApiListenAnyAddress=2"], "Stack:ApiListenAnyAddress must be true or false" },
        { [], ["--Stack:ContainerHostName=not a host"], "Stack:ContainerHostName must be a host name" },
        { [], ["--Stack:TopologyFile=/no/such/topology.json"], "Stack:TopologyFile must be the path of an existing file" },
        { [], ["--Stack:StateDirectory= "], "Stack:StateDirectory must be a path" },
        { [], ["--Stack:Executables:Prometheus=/no/such/prometheus"], "Stack:Executables:Prometheus must be the path of an existing file" },
        { [], ["--Stack:Executables:Promtheus=/bin/sh"], "unknown setting 'Stack:Executables:Promtheus'" },
        { [], ["--Stack:Autoscaling:Enabled=perhaps"], "Stack:Autoscaling:Enabled" },
        { [], ["--Stack:Autoscaling:MinReplicas=99"], "minReplicas must be between 1 and maxReplicas" },
        { [], ["--Stack:Autoscaling:ScaleDown:Window=5"], "unknown setting 'Stack:Autoscaling:ScaleDown:Window'" },
        { [], ["--Stack:Replicas=3"], "unknown setting 'Stack:Replicas'" },
        { [], ["--Experiments:Out= "], "Experiments:Out must be a path" },
        { [], ["--Experiments:Output=/tmp"], "unknown setting 'Experiments:Output'" },
        { ["demo", "--bogus"], [], "unknown option '--bogus' after 'demo'" },
        { ["demo", "now"], [], "unexpected argument 'now' after 'demo'" },
        { ["experiment"], [], "experiment needs 'list', 'run' or 'compare'" },
        { ["experiment", "run", "kill-replica", "--baseline", "/no/such/run"], [], "--baseline: /no/such/run: no such file or folder" },
        { ["experiment", "start"], [], "unknown experiment command 'start'" },
        { ["experiment", "list", "--all"], [], "unknown option '--all' after 'experiment list'" },
        { ["experiment", "run"], [], "experiment run needs at least one experiment name" },
        { ["experiment", "run", "no-such-experiment"], [], "no experiment 'no-such-experiment'" },
        { ["experiment", "run", "kill-replica"], ["--Stack:FreshData"], "option '--Stack:FreshData' needs a value" },
        { ["experiment", "run", "kill-replica", "--Stack:FreshData=sometimes"], [], "Stack:FreshData must be true or false" },
        { ["experiments", "list"], [], "unknown command 'experiments'" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_answered_in_one_line_with_exit_2_and_nothing_starts(string[] verb, string[] setting, string expected)
    {
        var result = await RunAsync([.. verb, .. WorkspaceSettings(), .. setting]);

        AssertOneLineAnswer(result, 2, expected);
    }

    /// <summary>experiment compare starts no stack and takes no stack settings: its arguments alone.</summary>
    public static TheoryData<string[], string> BadCompare() => new()
    {
        { ["experiment", "compare", "/no/such/run"], "experiment compare needs two runs" },
        { ["experiment", "compare", "/no/such/run", "/no/such/other"], "/no/such/run: no such file or folder" },
        { ["experiment", "compare", "a", "b", "--alpha=2"], "--alpha must be between 0 and 1" },
        { ["experiment", "compare", "a", "b", "--min-difference", "speed=5"], "--min-difference takes <kind>=<amount>" },
        { ["experiment", "compare", "a", "b", "--baseline", "c"], "--baseline goes after 'experiment run' or 'demo'" },
    };

    [Theory]
    [MemberData(nameof(BadCompare))]
    public async Task Bad_compare_input_is_answered_in_one_line_with_exit_2(string[] args, string expected)
    {
        var result = await RunAsync(args);

        AssertOneLineAnswer(result, 2, expected);
    }

    [Fact]
    public async Task A_missing_program_is_exit_1_naming_it_and_its_package()
    {
        // PATH without prometheus: executables mode cannot run the stack on this machine.
        var result = await RunAsync([.. WorkspaceSettings(), "--Stack:InfrastructureAs=executables"],
            new Dictionary<string, string> { ["PATH"] = _workspace.Folder });

        AssertOneLineAnswer(result, 1, "'prometheus'");
        Assert.Contains("scripts/install-prerequisites.sh", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_held_by_another_program_is_exit_1_naming_the_port()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, _workspace.Topology.Ports.Prometheus));
        holder.Listen();

        var result = await RunAsync([.. WorkspaceSettings(), "--Stack:InfrastructureAs=executables"]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"port {_workspace.Topology.Ports.Prometheus}", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }

    private IEnumerable<string> WorkspaceSettings() => _workspace.Args().Select(a => "--" + a);

    private static Task<ToolResult> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null) =>
        AppHostProcess.RunToExitAsync(ExitLimit, environment, args);

    private void AssertOneLineAnswer(ToolResult result, int exitCode, string expected)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("MonitoringStack: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        // Nothing started: the state folder is the first thing a starting stack writes, and no process carries its marker.
        Assert.False(Directory.Exists(_workspace.StateDirectory), $"{_workspace.StateDirectory} was created");
        Assert.Empty(Leftovers.Find(_workspace.StateDirectory));
    }
}
