using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MonitoringStack.AppHost.Faults;

namespace MonitoringStack.AppHost.Supervision;

/// <summary>
/// Makes a start after a crash of the AppHost (kill -9) come up on the first try. Every process of the
/// stack carries <see cref="MarkerVariable"/>=&lt;stack id&gt; in its environment (the id is derived from the
/// state folder, so two checkouts do not touch each other's processes); at start, processes that still
/// carry it are leftovers of the previous run and are killed, and so are its iptables rules. A port of
/// the stack held by anything else stops the start with the port and its owner named.
/// </summary>
public static class Leftovers
{
    public const string MarkerVariable = "MONITORINGSTACK_STACK_ID";

    public static string StackId(string stateDirectory) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(stateDirectory))))[..10];

    /// <summary>Tags a resource's processes as this stack's.</summary>
    public static IResourceBuilder<T> WithStackMarker<T>(this IResourceBuilder<T> resource, StackSettings stack) where T : IResourceWithEnvironment =>
        resource.WithEnvironment(MarkerVariable, StackId(stack.StateDirectory));

    /// <summary>Kills leftovers of this stack, removes its iptables rules, then checks every port is free; returns what it cleaned.</summary>
    public static IReadOnlyList<string> Clean(StackSettings stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var id = StackId(stack.StateDirectory);
        var cleaned = new List<string>();
        var leftovers = Find(stack.StateDirectory);
        foreach (var pid in leftovers)
        {
            if (ProcessSignals.Signal(pid, ProcessSignals.SIGCONT) | ProcessSignals.Signal(pid, ProcessSignals.SIGKILL))
            {
                cleaned.Add($"killed leftover process {pid} ({Command(pid)})");
            }
        }
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5);
        while (leftovers.Any(pid => File.Exists($"/proc/{pid}/stat") && !IsZombie(pid)) && DateTimeOffset.UtcNow < deadline)
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

    /// <summary>Live processes (other than this one) that carry the marker of the stack whose state lives in <paramref name="stateDirectory"/>.</summary>
    public static IReadOnlyList<int> Find(string stateDirectory)
    {
        var marker = Encoding.UTF8.GetBytes($"{MarkerVariable}={StackId(stateDirectory)}\0");
        return Pids().Where(pid => pid != Environment.ProcessId && !IsZombie(pid) && Environ(pid) is { } env && Contains(env, marker)).ToArray();
    }

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

    private static IEnumerable<int> Pids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    private static byte[]? Environ(int pid)
    {
        try
        {
            return File.ReadAllBytes($"/proc/{pid}/environ");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static bool IsZombie(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static string Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
