using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MonitoringStack.AppHost.Supervision;

/// <summary>
/// Makes a start after a crash (kill -9 of the AppHost, of DCP, of nginx's master, of all of them) come up
/// on the first try. Every process of the stack carries <see cref="MarkerVariable"/>=&lt;stack id&gt; in its
/// environment (the id is derived from the state folder, so two checkouts do not touch each other's
/// processes), the Aspire dashboard included (<see cref="DashboardMarker"/>); nginx is recognised by its
/// working folder instead (see <see cref="IsNginxOf"/>). At start, once <see cref="StateFolderLock"/> has
/// shown that no AppHost owns the state folder any more, such processes are leftovers of the previous run
/// and are killed, and so are its iptables rules. A port of the stack held by anything else stops the start
/// with the port and its owner named.
/// </summary>
public static class Leftovers
{
    public const string MarkerVariable = "MONITORINGSTACK_STACK_ID";

    /// <summary>The hosting package's instance id of the state folder: the same tag on processes and iptables rules.</summary>
    public static string StackId(string stateDirectory) => MonitoringOptions.InstanceIdOf(stateDirectory);

    /// <summary>Tags a resource's processes as this stack's.</summary>
    public static IResourceBuilder<T> WithStackMarker<T>(this IResourceBuilder<T> resource, StackSettings stack) where T : IResourceWithEnvironment =>
        resource.WithEnvironment(MarkerVariable, StackId(stack.StateDirectory));

    /// <summary>
    /// Kills leftovers of this stack, removes its iptables rules, then checks every port is free; returns what it
    /// cleaned. Only for the holder of the <see cref="StateFolderLock"/>: the processes of a live AppHost are not leftovers.
    /// </summary>
    public static IReadOnlyList<string> Clean(StackSettings stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var id = StackId(stack.StateDirectory);
        var cleaned = new List<string>();
        var leftovers = Find(stack.StateDirectory);
        foreach (var pid in leftovers)
        {
            // Read before the kill: a dead process has no command line.
            var command = ProcessTable.CommandLine(pid);
            if (ProcessSignals.Signal(pid, ProcessSignals.SIGCONT) | ProcessSignals.Signal(pid, ProcessSignals.SIGKILL))
            {
                cleaned.Add($"killed leftover process {pid} ({command})");
            }
        }
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5);
        while (leftovers.Any(ProcessTable.IsAlive) && DateTimeOffset.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
        cleaned.AddRange(new NetworkPartition(id).HealAll().Select(rule => $"removed leftover iptables rule: {rule}"));

        foreach (var (name, port) in stack.Topology.AllPorts())
        {
            if (!IsFree(port))
            {
                throw new StackConfigurationException(
                    $"port {port} ({name}, from config/topology.json) is in use by another program. Stop it, or change the port in config/topology.json.");
            }
        }
        return cleaned;
    }

    /// <summary>
    /// Live processes (other than this one) of the stack whose state lives in <paramref name="stateDirectory"/>:
    /// those that carry its marker, and its nginx master and workers.
    /// </summary>
    public static IReadOnlyList<int> Find(string stateDirectory)
    {
        var marker = Encoding.UTF8.GetBytes($"{MarkerVariable}={StackId(stateDirectory)}\0");
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(stateDirectory)) + Path.DirectorySeparatorChar;
        return ProcessTable.Pids()
            .Where(pid => pid != Environment.ProcessId && ProcessTable.IsAlive(pid)
                && ((ProcessTable.Environ(pid) is { } env && Contains(env, marker)) || IsNginxOf(pid, folder)))
            .ToArray();
    }

    /// <summary>
    /// An nginx process started in the state folder (its prefix folder, where DCP starts it). The marker cannot
    /// be read from nginx: its process title is written over the memory /proc/&lt;pid&gt;/environ shows, in the
    /// master and in every worker, even when nginx.conf keeps the variable with <c>env</c>. The working folder
    /// survives: workers inherit it and nginx never changes it, so a worker orphaned by a killed master
    /// (which keeps serving and holds nginx's port) is found too.
    /// </summary>
    private static bool IsNginxOf(int pid, string folder) =>
        ProcessTable.CommandLine(pid).StartsWith("nginx: ", StringComparison.Ordinal)
        && ProcessTable.WorkingDirectory(pid) is { } workingDirectory
        && (workingDirectory + Path.DirectorySeparatorChar).StartsWith(folder, StringComparison.Ordinal);

    /// <summary>Whether nothing listens on 127.0.0.1:<paramref name="port"/> (a port in TIME_WAIT counts as free, as for the servers).</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
