using System.Globalization;
using System.Text;

namespace MonitoringStack.TargetSimulator;

/// <summary>
/// The recorded /metrics of one real replica, split once into text that never changes and the samples
/// of cumulative families (counters, histograms' buckets, sums and counts), which advance. Every
/// cumulative sample grows in proportion to the request count: at R requests/s per target, after t
/// seconds it is v0 × (1 + R·t / C), C being the recording's total request count. Histogram buckets
/// thus keep the recorded latency distribution while they move, and counters never go back (no false
/// ReplicaRestarted). Gauges keep their recorded value.
/// </summary>
internal sealed class RecordedExposition
{
    /// <summary>The one place the recording names its replica; each target serves its own name there.</summary>
    public const string InstanceToken = "service_instance_id=\"api-0\"";

    private const string RequestCount = "http_server_request_duration_seconds_count";

    private readonly IReadOnlyList<Part> _parts;

    private RecordedExposition(IReadOnlyList<Part> parts, double recordedRequests)
    {
        _parts = parts;
        RecordedRequests = recordedRequests;
    }

    public double RecordedRequests { get; }

    public int CumulativeSamples => _parts.Count(p => p.Value is not null);

    public static RecordedExposition Load(string path)
    {
        var text = File.ReadAllText(path);
        if (!text.Contains(InstanceToken, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path} has no {InstanceToken}: record it again with scripts/record-exposition.sh");
        }
        var cumulative = new HashSet<string>(StringComparer.Ordinal);
        var parts = new List<Part>();
        var requests = 0.0;
        foreach (var line in text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var fields = line.Split(' ');
                if (fields[3] is "counter" or "histogram" or "summary")
                {
                    cumulative.Add(fields[2]);
                }
            }
            var space = line.LastIndexOf(' ');
            if (line.StartsWith('#') || space < 0 || !IsCumulative(SampleName(line), cumulative))
            {
                parts.Add(new Part(line + "\n", null));
                continue;
            }
            var value = double.Parse(line.AsSpan(space + 1), CultureInfo.InvariantCulture);
            if (SampleName(line) == RequestCount)
            {
                requests += value;
            }
            parts.Add(new Part(line[..(space + 1)], value));
        }
        if (requests <= 0)
        {
            throw new InvalidDataException($"{path} has no {RequestCount} samples: record it again with scripts/record-exposition.sh");
        }
        return new RecordedExposition(parts, requests);
    }

    /// <summary>The exposition <paramref name="seconds"/> after start at <paramref name="requestsPerSecond"/> per target.</summary>
    public string Render(double seconds, double requestsPerSecond)
    {
        var growth = 1 + (requestsPerSecond * seconds / RecordedRequests);
        var output = new StringBuilder(64 * 1024);
        foreach (var part in _parts)
        {
            output.Append(part.Text);
            if (part.Value is { } value)
            {
                // Counts stay integers (a bucket count of 3.7 would read as a broken exporter).
                var grown = value * growth;
                output.Append(value == Math.Floor(value) ? Math.Floor(grown).ToString(CultureInfo.InvariantCulture) : grown.ToString("R", CultureInfo.InvariantCulture));
                output.Append('\n');
            }
        }
        return output.ToString();
    }

    private static string SampleName(string line)
    {
        var end = line.IndexOfAny(['{', ' ']);
        return end < 0 ? line : line[..end];
    }

    private static bool IsCumulative(string sample, HashSet<string> families) =>
        families.Contains(sample)
        || (sample.EndsWith("_bucket", StringComparison.Ordinal) && families.Contains(sample[..^7]))
        || (sample.EndsWith("_count", StringComparison.Ordinal) && families.Contains(sample[..^6]))
        || (sample.EndsWith("_sum", StringComparison.Ordinal) && families.Contains(sample[..^4]));

    private sealed record Part(string Text, double? Value);
}
