using System.Globalization;
using System.Text.Json;
using MonitoringStack.Topology;

namespace MonitoringStack.AppHost.Autoscaling;

/// <summary>
/// Reads the signal of every running replica from the stack's Prometheus, and how fresh each replica's
/// samples are: the newest successful scrape (<c>up == 1</c>) of its target. A replica Prometheus cannot
/// scrape, or a Prometheus that does not answer, gives a reading with a problem instead of a number, so
/// the decision can refuse to guess.
/// </summary>
public sealed class SignalReader(AutoscalingPolicy policy, StackSettings stack, IHttpClientFactory httpClients)
{
    // Long enough that a stale replica reports its age ("40 s old") rather than just "no sample".
    private const string FreshnessRange = "2m";
    private Uri Query => new($"http://127.0.0.1:{stack.Topology.Ports.Prometheus}/api/v1/query");

    public async Task<IReadOnlyList<ReplicaReading>> ReadAsync(IReadOnlyList<string> replicas, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        using var http = httpClients.CreateClient();
        http.Timeout = TimeSpan.FromSeconds(3);
        IReadOnlyDictionary<string, double> values;
        IReadOnlyDictionary<string, (DateTimeOffset At, bool Up)> scrapes;
        try
        {
            values = await ValuesAsync(http, now, cancellationToken).ConfigureAwait(false);
            scrapes = await NewestScrapesAsync(http, now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or KeyNotFoundException
                                       || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var problem = $"Prometheus did not answer: {ex.Message}";
            return [.. replicas.Select(r => new ReplicaReading(r, null, null, problem))];
        }
        return [.. replicas.Select(r => Reading(r, values, scrapes))];
    }

    private static ReplicaReading Reading(string replica, IReadOnlyDictionary<string, double> values, IReadOnlyDictionary<string, (DateTimeOffset At, bool Up)> scrapes)
    {
        if (!scrapes.TryGetValue(replica, out var scrape))
        {
            return new ReplicaReading(replica, null, null, $"not scraped in the last {FreshnessRange}");
        }
        if (!scrape.Up)
        {
            return new ReplicaReading(replica, null, scrape.At, "its last scrape failed (up = 0)");
        }
        return new ReplicaReading(replica, values.TryGetValue(replica, out var value) && double.IsFinite(value) ? value : null, scrape.At);
    }

    private async Task<IReadOnlyDictionary<string, double>> ValuesAsync(HttpClient http, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var document = await QueryAsync(http, policy.Signal.PerReplicaQuery, now, cancellationToken).ConfigureAwait(false);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var series in document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            if (series.GetProperty("metric").TryGetProperty("instance", out var instance))
            {
                values[instance.GetString()!] = Number(series.GetProperty("value")[1]);
            }
        }
        return values;
    }

    private async Task<IReadOnlyDictionary<string, (DateTimeOffset At, bool Up)>> NewestScrapesAsync(HttpClient http, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A range selector in an instant query returns the raw samples with their own timestamps.
        var query = $"up{{job=\"{policy.Signal.Job}\"}}[{FreshnessRange}]";
        using var document = await QueryAsync(http, query, now, cancellationToken).ConfigureAwait(false);
        var newest = new Dictionary<string, (DateTimeOffset, bool)>(StringComparer.Ordinal);
        foreach (var series in document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            if (series.GetProperty("metric").TryGetProperty("instance", out var instance) && series.GetProperty("values").EnumerateArray().LastOrDefault() is { ValueKind: JsonValueKind.Array } last)
            {
                var at = DateTimeOffset.FromUnixTimeMilliseconds((long)(last[0].GetDouble() * 1000));
                newest[instance.GetString()!] = (at, Number(last[1]) == 1);
            }
        }
        return newest;
    }

    private async Task<JsonDocument> QueryAsync(HttpClient http, string query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(
        [
            new("query", query),
            new("time", (now.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture)),
        ]);
        using var response = await http.PostAsync(Query, form, cancellationToken).ConfigureAwait(false);
        var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (document.RootElement.GetProperty("status").GetString() != "success")
        {
            var error = document.RootElement.TryGetProperty("error", out var e) ? e.GetString() : "unknown error";
            document.Dispose();
            throw new InvalidOperationException($"query {query} failed: {error}");
        }
        return document;
    }

    private static double Number(JsonElement text) => text.GetString() switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        var s => double.Parse(s!, CultureInfo.InvariantCulture),
    };
}
