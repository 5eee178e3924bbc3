using System.Globalization;

namespace MonitoringStack.AppHost.Experiments;

/// <summary>The nginx error-log lines that tell how the load balancer saw a fault (upstream failures, retries).</summary>
public static class NginxErrorLog
{
    public static IEnumerable<string> UpstreamLines(string path, DateTimeOffset since, DateTimeOffset until, int max)
    {
        if (!File.Exists(path))
        {
            // Containers mode: nginx logs to the container's stderr, which the dashboard shows.
            return [];
        }
        // nginx writes local time as "yyyy/MM/dd HH:mm:ss"; lines outside the window say nothing about this fault.
        var lines = new List<string>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length < 19 || !line.Contains("upstream", StringComparison.Ordinal)
                || !DateTime.TryParseExact(line[..19], "yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at))
            {
                continue;
            }
            var when = new DateTimeOffset(at);
            if (when >= since.AddSeconds(-1) && when <= until)
            {
                lines.Add("nginx: " + line);
            }
        }
        // The first lines show the failure starting; more of the same add nothing.
        return lines.Take(max);
    }
}
