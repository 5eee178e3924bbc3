using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MonitoringStack.Experiments.Analysis;
using YamlDotNet.RepresentationModel;

namespace MonitoringStack.Experiments.Observation;

/// <summary>
/// The settings that bound detection time, read from the running Prometheus and Alertmanager (not from
/// files), so the bound in a report is the one that was really in force.
/// </summary>
public sealed record AlertPipelineSettings(
    TimeSpan ApiScrapeInterval,
    TimeSpan EvaluationInterval,
    IReadOnlyDictionary<string, (TimeSpan For, string Severity)> Rules,
    TimeSpan DefaultGroupWait,
    IReadOnlyDictionary<string, TimeSpan> GroupWaitBySeverity)
{
    public DetectionBound BoundFor(string alertName)
    {
        var (forDuration, severity) = Rules.TryGetValue(alertName, out var rule) ? rule : (TimeSpan.Zero, "");
        var groupWait = GroupWaitBySeverity.TryGetValue(severity, out var wait) ? wait : DefaultGroupWait;
        return new DetectionBound(ApiScrapeInterval, EvaluationInterval, forDuration, groupWait);
    }

    public static async Task<AlertPipelineSettings> ReadAsync(HttpClient prometheus, HttpClient alertmanager, string apiJob, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        ArgumentNullException.ThrowIfNull(alertmanager);
        var config = await prometheus.GetFromJsonAsync<JsonElement>("api/v1/status/config", cancellationToken);
        var root = LoadYaml(config.GetProperty("data").GetProperty("yaml").GetString() ?? "");
        var global = Child(root, "global");
        var evaluation = Duration(Scalar(global, "evaluation_interval") ?? "1m");
        var scrape = Duration(Scalar(global, "scrape_interval") ?? "1m");
        if (Child(root, "scrape_configs") is YamlSequenceNode jobs)
        {
            var api = jobs.Children.OfType<YamlMappingNode>().FirstOrDefault(j => Scalar(j, "job_name") == apiJob);
            if (api is not null && Scalar(api, "scrape_interval") is { } interval)
            {
                scrape = Duration(interval);
            }
        }

        var rules = new Dictionary<string, (TimeSpan, string)>(StringComparer.Ordinal);
        var rulesJson = await prometheus.GetFromJsonAsync<JsonElement>("api/v1/rules?type=alert", cancellationToken);
        foreach (var group in rulesJson.GetProperty("data").GetProperty("groups").EnumerateArray())
        {
            foreach (var rule in group.GetProperty("rules").EnumerateArray())
            {
                var name = rule.GetProperty("name").GetString() ?? "";
                var forSeconds = rule.TryGetProperty("duration", out var d) ? d.GetDouble() : 0;
                var severity = rule.TryGetProperty("labels", out var labels) && labels.TryGetProperty("severity", out var s) ? s.GetString() ?? "" : "";
                // An alert defined twice (warning and critical) is bounded by its faster rule.
                if (!rules.TryGetValue(name, out var existing) || existing.Item1 > TimeSpan.FromSeconds(forSeconds))
                {
                    rules[name] = (TimeSpan.FromSeconds(forSeconds), severity);
                }
            }
        }

        var status = await alertmanager.GetFromJsonAsync<JsonElement>("api/v2/status", cancellationToken);
        var amRoot = LoadYaml(status.GetProperty("config").GetProperty("original").GetString() ?? "");
        var route = Child(amRoot, "route") as YamlMappingNode;
        var defaultGroupWait = Duration(Scalar(route, "group_wait") ?? "30s");
        var bySeverity = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        if (Child(route, "routes") is YamlSequenceNode children)
        {
            foreach (var child in children.Children.OfType<YamlMappingNode>())
            {
                var wait = Scalar(child, "group_wait") is { } w ? Duration(w) : defaultGroupWait;
                foreach (var severity in SeveritiesMatched(child))
                {
                    bySeverity.TryAdd(severity, wait);
                }
            }
        }
        return new AlertPipelineSettings(scrape, evaluation, rules, defaultGroupWait, bySeverity);
    }

    // Reads matchers such as severity="critical" or severity=~"info|none" (the forms our routes use).
    private static IEnumerable<string> SeveritiesMatched(YamlMappingNode route)
    {
        if (Child(route, "matchers") is not YamlSequenceNode matchers)
        {
            yield break;
        }
        foreach (var matcher in matchers.Children.OfType<YamlScalarNode>().Select(m => m.Value ?? ""))
        {
            var text = matcher.Replace(" ", "", StringComparison.Ordinal);
            if (!text.StartsWith("severity=", StringComparison.Ordinal))
            {
                continue;
            }
            var value = text["severity=".Length..].TrimStart('~').Trim('"');
            foreach (var severity in value.Split('|'))
            {
                yield return severity;
            }
        }
    }

    private static YamlMappingNode LoadYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m ? m : new YamlMappingNode();
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlNode? node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    /// <summary>Parses Prometheus durations such as <c>5s</c>, <c>1m30s</c>, <c>250ms</c>.</summary>
    public static TimeSpan Duration(string text)
    {
        var total = TimeSpan.Zero;
        var number = "";
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsDigit(c) || c == '.')
            {
                number += c;
                continue;
            }
            var unit = c == 'm' && i + 1 < text.Length && text[i + 1] == 's' ? "ms" : c.ToString();
            i += unit.Length - 1;
            var value = double.Parse(number, CultureInfo.InvariantCulture);
            total += unit switch
            {
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                "h" => TimeSpan.FromHours(value),
                "d" => TimeSpan.FromDays(value),
                _ => throw new FormatException($"unknown duration unit '{unit}' in '{text}'"),
            };
            number = "";
        }
        return number.Length == 0 ? total : throw new FormatException($"duration '{text}' lacks a unit");
    }
}
