using MonitoringStack.Hosting;
using MonitoringStack.AppHost.Supervision;

namespace MonitoringStack.Tests.Infrastructure;

/// <summary>
/// Loopback ports for tests. Tests never use the fixed ports of config/topology.json, so they can run
/// in parallel with each other and beside a running stack.
/// </summary>
/// <remarks>
/// Ports come from below Linux' ephemeral range (32768–60999). A port the kernel hands out for
/// "port 0" is in that range, and between releasing it and the server binding it, any outgoing
/// connection of the test run (HttpClient to Prometheus, nginx to an upstream) may take it as its local
/// port: that happened, as "address already in use". Below the range, only explicit binds compete.
/// </remarks>
public static class FreePorts
{
    private const int First = 12000;
    private const int LastExclusive = 32000;
    private static readonly HashSet<int> Handed = [];

    /// <summary>A port that was free a moment ago and has not been handed to another test in this run.</summary>
    public static int Next() => NextBlock(1);

    /// <summary><paramref name="count"/> consecutive free ports (API replicas get consecutive ports).</summary>
    public static int NextBlock(int count)
    {
        lock (Handed)
        {
            for (var attempt = 0; attempt < 500; attempt++)
            {
                var start = Random.Shared.Next(First, LastExclusive - count);
                var range = Enumerable.Range(start, count).ToArray();
                if (range.All(p => p != 8080 && !Handed.Contains(p) && Leftovers.IsFree(p)))
                {
                    foreach (var p in range)
                    {
                        Handed.Add(p);
                    }
                    return start;
                }
            }
            throw new InvalidOperationException($"no block of {count} free loopback ports found between {First} and {LastExclusive}");
        }
    }
}
