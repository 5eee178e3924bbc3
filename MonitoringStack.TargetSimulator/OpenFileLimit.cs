namespace MonitoringStack.TargetSimulator;

/// <summary>
/// Each target holds a listening socket and Prometheus' keep-alive connection: two descriptors. The .NET
/// runtime raises the soft limit to the hard one at start, so only the hard limit (<c>ulimit -Hn</c>) can
/// be too low; say so before binding thousands of ports rather than failing half-way.
/// </summary>
internal static class OpenFileLimit
{
    public static void Require(int targets)
    {
        var needed = (2 * targets) + 64;
        var limits = "/proc/self/limits";
        if (!File.Exists(limits))
        {
            return;
        }
        var line = File.ReadLines(limits).FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is { Length: > 3 } && long.TryParse(fields[3], out var soft) && soft < needed)
        {
            throw new InvalidOperationException(
                $"{targets} targets need about {needed} open files, the limit is {soft}: raise it (ulimit -n {needed}; the hard limit is ulimit -Hn, set in /etc/security/limits.conf or systemd's LimitNOFILE)");
        }
    }
}
