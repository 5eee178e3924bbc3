using System.Globalization;
using System.Text.Json;

namespace MonitoringStack.Tests.Config;

/// <summary>The few Prometheus HTTP API calls the tests need (/api/v1/query).</summary>
public sealed class PrometheusClient(HttpClient http, string baseUrl)
{
    public sealed record QueryResult(string Query, string? Error, IReadOnlyList<Sample> Samples)
    {
        public bool IsInvalid => Error is not null;
        /// <summary>Empty, or only NaN (e.g. a quantile of a window without requests): nothing to draw.</summary>
        public bool HasNoData => Samples.Count == 0 || Samples.All(s => double.IsNaN(s.Value));
        public override string ToString() => Error is not null ? $"{Query}\n  -> error: {Error}" : $"{Query}\n  -> {Samples.Count} series";
    }

    public sealed record Sample(IReadOnlyDictionary<string, string> Labels, double Value);

    public async Task<QueryResult> QueryAsync(string promql)
    {
        using var content = new FormUrlEncodedContent([new("query", promql)]);
        using var response = await http.PostAsync(new Uri($"{baseUrl}/api/v1/query"), content);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            return new QueryResult(promql, root.TryGetProperty("error", out var error) ? error.GetString() : "unknown error", []);
        }
        var data = root.GetProperty("data");
        var samples = data.GetProperty("resultType").GetString() switch
        {
            "vector" => data.GetProperty("result").EnumerateArray().Select(series => new Sample(
                series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? ""),
                ParseValue(series.GetProperty("value")[1].GetString()))).ToArray(),
            "scalar" => [new Sample(new Dictionary<string, string>(), ParseValue(data.GetProperty("result")[1].GetString()))],
            var other => throw new InvalidOperationException($"unexpected result type {other} for {promql}"),
        };
        return new QueryResult(promql, null, samples);
    }

    /// <summary>Values of <paramref name="label"/> over the series <paramref name="selector"/> selects (Grafana's label_values).</summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string selector, string label)
    {
        var result = await QueryAsync($"group by ({label}) ({selector})");
        return result.Samples.Select(s => s.Labels.GetValueOrDefault(label, "")).Where(v => v.Length > 0).Order(StringComparer.Ordinal).ToArray();
    }

    private static double ParseValue(string? text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text ?? "NaN", CultureInfo.InvariantCulture),
    };
}
