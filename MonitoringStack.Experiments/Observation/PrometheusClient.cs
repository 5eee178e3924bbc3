using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Experiments.Observation;

/// <summary>An alert as Prometheus' /api/v1/alerts reports it.</summary>
public sealed record PrometheusAlert(string AlertName, string State, DateTimeOffset? ActiveAt, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// The few Prometheus HTTP API calls the experiments need (instant and range queries, active alerts).
/// Hand-written: the .NET Prometheus client libraries on NuGet expose metrics, none queries the API.
/// </summary>
public sealed class PrometheusClient(HttpClient http)
{
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string expression, CancellationToken cancellationToken = default)
    {
        var data = await GetDataAsync($"api/v1/query?query={Uri.EscapeDataString(expression)}", cancellationToken);
        return data.GetProperty("result").EnumerateArray()
            .Select(r => ((IReadOnlyDictionary<string, string>)Labels(r), ParseValue(r.GetProperty("value")[1])))
            .ToArray();
    }

    /// <summary>An instant query evaluated at <paramref name="at"/> (each series' last sample at or before it).</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAtAsync(string expression, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var query = string.Create(CultureInfo.InvariantCulture,
            $"api/v1/query?query={Uri.EscapeDataString(expression)}&time={at.ToUnixTimeMilliseconds() / 1000.0}");
        var data = await GetDataAsync(query, cancellationToken);
        return data.GetProperty("result").EnumerateArray()
            .Select(r => ((IReadOnlyDictionary<string, string>)Labels(r), ParseValue(r.GetProperty("value")[1])))
            .ToArray();
    }

    /// <summary>
    /// A range query whose series are named by <paramref name="nameLabel"/> and placed on the
    /// experiment's time axis (seconds since <paramref name="origin"/>).
    /// </summary>
    public async Task<IReadOnlyList<NamedSeries>> QueryRangeAsync(
        string expression, DateTimeOffset start, DateTimeOffset end, TimeSpan step, DateTimeOffset origin, string nameLabel,
        Func<double, double>? scale = null, CancellationToken cancellationToken = default)
    {
        var query = string.Create(CultureInfo.InvariantCulture,
            $"api/v1/query_range?query={Uri.EscapeDataString(expression)}&start={start.ToUnixTimeMilliseconds() / 1000.0}&end={end.ToUnixTimeMilliseconds() / 1000.0}&step={step.TotalSeconds}");
        var data = await GetDataAsync(query, cancellationToken);
        var originSeconds = origin.ToUnixTimeMilliseconds() / 1000.0;
        return data.GetProperty("result").EnumerateArray()
            .Select(r => new NamedSeries(
                Labels(r).GetValueOrDefault(nameLabel, "?"),
                r.GetProperty("values").EnumerateArray()
                    .Select(v => new TimePoint(v[0].GetDouble() - originSeconds, (scale ?? (x => x))(ParseValue(v[1]))))
                    .Where(p => double.IsFinite(p.Value))
                    .ToArray()))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToArray();
    }

    public async Task<IReadOnlyList<PrometheusAlert>> AlertsAsync(CancellationToken cancellationToken = default)
    {
        var data = await GetDataAsync("api/v1/alerts", cancellationToken);
        return data.GetProperty("alerts").EnumerateArray()
            .Select(a =>
            {
                var labels = a.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
                DateTimeOffset? activeAt = a.TryGetProperty("activeAt", out var at) && DateTimeOffset.TryParse(at.GetString(), CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
                return new PrometheusAlert(labels.GetValueOrDefault("alertname", "?"), a.GetProperty("state").GetString() ?? "", activeAt, labels);
            })
            .ToArray();
    }

    /// <summary>
    /// An instant query (vector or scalar result) whose error, if Prometheus rejects the expression, is
    /// returned in the result instead of thrown.
    /// </summary>
    public async Task<PrometheusQueryResult> EvaluateAsync(string expression, CancellationToken cancellationToken = default)
    {
        // POST: dashboard expressions can be longer than a comfortable URL.
        using var content = new FormUrlEncodedContent([new("query", expression)]);
        using var response = await http.PostAsync(new Uri("api/v1/query", UriKind.Relative), content, cancellationToken);
        var body = await ReadBodyAsync(response, "api/v1/query", cancellationToken);
        if (body.GetProperty("status").GetString() != "success")
        {
            return new PrometheusQueryResult(expression, body.TryGetProperty("error", out var error) ? error.GetString() : response.ReasonPhrase ?? "unknown error", []);
        }
        var data = body.GetProperty("data");
        PrometheusSample[] samples = data.GetProperty("resultType").GetString() switch
        {
            "vector" => [.. data.GetProperty("result").EnumerateArray().Select(r => new PrometheusSample(Labels(r), ParseValue(r.GetProperty("value")[1])))],
            "scalar" => [new PrometheusSample(new Dictionary<string, string>(StringComparer.Ordinal), ParseValue(data.GetProperty("result")[1]))],
            var other => throw new InvalidOperationException($"unexpected result type {other} for {expression}"),
        };
        return new PrometheusQueryResult(expression, null, samples);
    }

    /// <summary>Values of <paramref name="label"/> over the series <paramref name="selector"/> selects, sorted (Grafana's label_values).</summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string selector, string label, CancellationToken cancellationToken = default)
    {
        var result = await EvaluateAsync($"group by ({label}) ({selector})", cancellationToken);
        if (result.Error is not null)
        {
            throw new HttpRequestException($"Prometheus label_values({selector}, {label}) failed: {result.Error}");
        }
        return [.. result.Samples.Select(s => s.Labels.GetValueOrDefault(label, "")).Where(v => v.Length > 0).Order(StringComparer.Ordinal)];
    }

    private async Task<JsonElement> GetDataAsync(string relative, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(relative, UriKind.Relative), cancellationToken);
        var body = await ReadBodyAsync(response, relative, cancellationToken);
        if (!response.IsSuccessStatusCode || body.GetProperty("status").GetString() != "success")
        {
            var error = body.TryGetProperty("error", out var e) ? e.GetString() : response.ReasonPhrase;
            throw new HttpRequestException($"Prometheus {relative.Split('?')[0]} failed: {error}");
        }
        return body.GetProperty("data");
    }

    /// <summary>
    /// The API's JSON envelope. A Prometheus that is starting or stopping answers plain text ("Service
    /// Unavailable"): that is an unavailable server (HttpRequestException, which callers wait out), not a parse error.
    /// </summary>
    private static async Task<JsonElement> ReadBodyAsync(HttpResponseMessage response, string relative, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new HttpRequestException($"Prometheus {relative.Split('?')[0]} answered {(int)response.StatusCode} without JSON: {text[..Math.Min(text.Length, 200)].Trim()}", null, response.StatusCode);
        }
    }

    private static Dictionary<string, string> Labels(JsonElement result) =>
        result.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);

    // Prometheus encodes sample values as strings, including "NaN" and "+Inf".
    private static double ParseValue(JsonElement value) => value.GetString() switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        var text => double.Parse(text ?? "NaN", NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
