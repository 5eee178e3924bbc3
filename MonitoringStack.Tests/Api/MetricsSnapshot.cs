using System.Globalization;
using System.Text;

namespace MonitoringStack.Tests.Api;

/// <summary>One sample line of the Prometheus text exposition.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public bool Has(string label, string value) => Labels.TryGetValue(label, out var actual) && actual == value;

    /// <summary>The series identity: name and labels, sorted.</summary>
    public string SeriesKey => $"{Name}{{{string.Join(',', Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\""))}}}";
}

/// <summary>A parsed <c>/metrics</c> answer (text format 0.0.4).</summary>
public sealed class MetricsSnapshot
{
    private MetricsSnapshot(string text, IReadOnlyList<MetricSample> samples, IReadOnlyDictionary<string, string> types)
    {
        Text = text;
        Samples = samples;
        Types = types;
    }

    public string Text { get; }

    public IReadOnlyList<MetricSample> Samples { get; }

    /// <summary>Metric family → type from <c># TYPE</c> lines.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IEnumerable<MetricSample> Series(string name) => Samples.Where(s => s.Name == name);

    public bool Contains(string name) => Samples.Any(s => s.Name == name);

    /// <summary>Sum of the samples of <paramref name="name"/> that carry every given label value (0 when none).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        Series(name).Where(s => labels.All(l => s.Has(l.Label, l.Value))).Sum(s => s.Value);

    public static MetricsSnapshot Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<MetricSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line["# TYPE ".Length..].Split(' ');
                types[parts[0]] = parts[1];
                continue;
            }
            if (line[0] == '#')
            {
                continue;
            }
            samples.Add(ParseSample(line));
        }
        return new MetricsSnapshot(text, samples, types);
    }

    private static MetricSample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        string name;
        int rest;
        if (brace >= 0 && (space < 0 || brace < space))
        {
            name = line[..brace];
            rest = ParseLabels(line, brace + 1, labels);
        }
        else
        {
            name = line[..space];
            rest = space;
        }
        // Value, then an optional timestamp.
        var valueText = line[rest..].Trim().Split(' ')[0];
        var value = valueText switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new MetricSample(name, labels, value);
    }

    /// <summary>Parses <c>a="x",b="y\"z"}</c> from <paramref name="start"/>; returns the index after the closing brace.</summary>
    private static int ParseLabels(string line, int start, Dictionary<string, string> labels)
    {
        var i = start;
        while (i < line.Length && line[i] != '}')
        {
            var equals = line.IndexOf('=', i);
            var key = line[i..equals].Trim(' ', ',');
            i = equals + 2; // skip ="
            var value = new StringBuilder();
            while (line[i] != '"')
            {
                if (line[i] == '\\')
                {
                    i++;
                    value.Append(line[i] switch { 'n' => '\n', var c => c });
                }
                else
                {
                    value.Append(line[i]);
                }
                i++;
            }
            labels[key] = value.ToString();
            i++; // closing quote
            if (i < line.Length && line[i] == ',')
            {
                i++;
            }
        }
        return i + 1;
    }
}
