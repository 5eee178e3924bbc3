using System.Net;
using System.Net.Sockets;

namespace MonitoringStack.Tests.Infrastructure;

/// <summary>
/// Loopback ports for tests. Tests never use the fixed ports of config/topology.json, so they can run
/// in parallel with each other and beside a running stack.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> Handed = [];

    /// <summary>A port that was free a moment ago and has not been handed to another test in this run.</summary>
    public static int Next()
    {
        lock (Handed)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (port != 8080 && Handed.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary><paramref name="count"/> consecutive free ports (API replicas get consecutive ports).</summary>
    public static int NextBlock(int count)
    {
        lock (Handed)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var start = Random.Shared.Next(20000, 60000 - count);
                var range = Enumerable.Range(start, count).ToArray();
                if (range.All(p => !Handed.Contains(p) && IsFree(p)))
                {
                    foreach (var p in range)
                    {
                        Handed.Add(p);
                    }
                    return start;
                }
            }
            throw new InvalidOperationException($"no block of {count} free loopback ports found");
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
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
