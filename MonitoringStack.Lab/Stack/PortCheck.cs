using System.Net;
using System.Net.Sockets;

namespace MonitoringStack.Lab.Stack;

/// <summary>Checks that every port the stack will listen on is free on 127.0.0.1 before anything starts.</summary>
public static class PortCheck
{
    /// <summary>The ports (by component name) that are taken right now.</summary>
    public static IReadOnlyList<KeyValuePair<string, int>> Taken(IEnumerable<KeyValuePair<string, int>> ports) =>
        ports.Where(p => !IsFree(p.Value)).OrderBy(p => p.Value).ToArray();

    /// <summary>Throws a <see cref="LabException"/> naming every taken port and its component.</summary>
    public static void EnsureFree(IEnumerable<KeyValuePair<string, int>> ports)
    {
        var taken = Taken(ports);
        if (taken.Count > 0)
        {
            var list = string.Join(", ", taken.Select(p => $"{p.Key} port {p.Value}"));
            throw new LabException(
                $"port already in use on 127.0.0.1: {list}. Stop what listens there (ss -ltnp 'sport = :{taken[0].Value}'), " +
                "or move the stack with --port-offset K or --port <component>=<port>.");
        }
    }

    public static bool IsFree(int port)
    {
        try
        {
            // .NET binds with SO_REUSEADDR on Linux, as the servers do, so a port in TIME_WAIT counts as free.
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
