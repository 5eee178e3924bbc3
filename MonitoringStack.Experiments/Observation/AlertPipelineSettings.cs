using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using MonitoringStack.Experiments.Analysis;
using YamlDotNet.RepresentationModel;

namespace MonitoringStack.Experiments.Observation;

/// <summary>One rule as Prometheus runs it: an alert (with its <c>for</c> and severity) or a recording rule.</summary>
public sealed record RuleText(string Name, bool IsAlert, string Expr, TimeSpan For = default, string Severity = "");

/// <summary>What bounds one alert's detection on the Prometheus side: its <c>for</c>, severity and threshold crossing.</summary>
public sealed record AlertRuleTiming(TimeSpan For, string Severity, ThresholdCrossing Crossing);

/// <summary>
/// The settings that bound detection time, read from the running Prometheus and Alertmanager (not from
/// files), so the bound in a report is the one that was really in force.
/// </summary>
public sealed record AlertPipelineSettings(
    TimeSpan ServiceScrapeInterval,
    TimeSpan ServiceScrapeTimeout,
    TimeSpan EvaluationInterval,
    IReadOnlyDictionary<string, AlertRuleTiming> Rules,
    AlertmanagerTiming Alertmanager)
{
    /// <summary>
    /// Alertmanager removes a group whose alerts are all resolved and notified at its next clean-up, which
    /// runs every 30 s (dispatcher maintenance); until then a new alert of that group waits for the
    /// group's next flush (group_interval) instead of group_wait.
    /// </summary>
    public static readonly TimeSpan GroupCleanup = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The stages from a change in the service to the receiver, each with its least and most time.
    /// </summary>
    /// <param name="groupMayExist">
    /// Whether the alert may join an Alertmanager group that already exists (then it waits for the group's
    /// next flush, 0..group_interval) rather than open one (group_wait).
    /// </param>
    public DetectionBound BoundFor(string alertName, bool groupMayExist = true)
    {
        var rule = Rules.TryGetValue(alertName, out var known) ? known : new AlertRuleTiming(TimeSpan.Zero, "", ThresholdCrossing.Instant);
        var scrape = ServiceScrapeInterval.TotalSeconds;
        var timeout = ServiceScrapeTimeout.TotalSeconds;
        var evaluation = EvaluationInterval.TotalSeconds;
        var forSeconds = rule.For.TotalSeconds;
        var group = Alertmanager.For(rule.Severity);
        var wait = group.GroupWait.TotalSeconds;
        var interval = group.GroupInterval.TotalSeconds;
        var terms = new List<BoundTerm>
        {
            new("scrape", 0, scrape + timeout, S($"the change is in the next scrape (every {scrape:0.#} s); a scrape that times out is recorded after {timeout:0.#} s")),
        };
        if (rule.Crossing.WindowSeconds > 0)
        {
            terms.Add(new("threshold", rule.Crossing.MinSeconds, rule.Crossing.MaxSeconds, rule.Crossing.Why));
        }
        terms.Add(rule.Crossing.ReadsRecordingRule
            ? new("evaluation", 0, 2 * evaluation, S($"the next rule evaluation (every {evaluation:0.#} s), after the recording rule it reads (evaluated in another group)"))
            : new("evaluation", 0, evaluation, S($"the next rule evaluation (every {evaluation:0.#} s)")));
        if (forSeconds > 0)
        {
            // Pending is checked at evaluations only: 'for' ends at the first evaluation at least 'for' after activeAt.
            terms.Add(new("for", forSeconds, Math.Ceiling(forSeconds / evaluation) * evaluation, S($"the condition must hold for {forSeconds:0.#} s")));
        }
        terms.Add(new("send", 0, 0, "Prometheus sends a newly firing alert right after that evaluation (HTTP time is in the tolerance)"));
        terms.Add(groupMayExist
            ? new("alertmanager", 0, Math.Max(wait, interval), S($"group_wait {wait:0.#} s for a new group, or the existing group's next flush within group_interval {interval:0.#} s"))
            : new("alertmanager", wait, wait, S($"group_wait {wait:0.#} s (a new group)")));
        return new DetectionBound(terms);
    }

    /// <summary>
    /// The longest an active alert can stay pending or firing in Prometheus once its cause is gone: the
    /// next scrape (interval + timeout) must show the healthy value, the rule's range window must hold no
    /// sample of the fault any more (<c>rate(...[1m])</c>, <c>resets(...[1m])</c>: the whole window, even for
    /// a rule that crosses with one sample), and the next evaluation (twice, through a recording rule of
    /// another group) must see it. <c>for</c> and Alertmanager do not delay resolving in Prometheus.
    /// </summary>
    public TimeSpan ResolveWithin(string alertName)
    {
        var rule = Rules.TryGetValue(alertName, out var known) ? known : new AlertRuleTiming(TimeSpan.Zero, "", ThresholdCrossing.Instant);
        var evaluations = rule.Crossing.ReadsRecordingRule ? 2 : 1;
        return ServiceScrapeInterval + ServiceScrapeTimeout + TimeSpan.FromSeconds(rule.Crossing.WindowSeconds) + evaluations * EvaluationInterval;
    }

    /// <summary>The range window the alert's expression reads (through its recording rules); zero for an instant rule.</summary>
    public TimeSpan WindowOf(string alertName) =>
        TimeSpan.FromSeconds(Rules.TryGetValue(alertName, out var rule) ? rule.Crossing.WindowSeconds : 0);

    /// <summary>The rule's <c>for</c> (the faster rule's, for an alert defined twice); zero for an unknown alert.</summary>
    public TimeSpan ForOf(string alertName) => Rules.TryGetValue(alertName, out var rule) ? rule.For : TimeSpan.Zero;

    /// <summary>
    /// Whether an Alertmanager group for <paramref name="alertName"/> may still exist at <paramref name="at"/>:
    /// its last notification said firing (the group holds a live alert), or came so recently that the
    /// group has not been cleaned up yet. Our routes group by alert name (and job), so the name decides.
    /// </summary>
    public bool GroupMayExist(string alertName, DateTimeOffset at, IEnumerable<AlertNotification> notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        var last = notifications.Where(n => n.AlertName == alertName && n.ReceivedAt < at).MaxBy(n => n.ReceivedAt);
        var interval = Alertmanager.For(Rules.TryGetValue(alertName, out var rule) ? rule.Severity : "").GroupInterval;
        return last is not null && (last.Status == "firing" || at - last.ReceivedAt < GroupCleanup + interval);
    }

    /// <summary>The settings from configuration text: Prometheus' YAML, its rules and Alertmanager's YAML.</summary>
    public static AlertPipelineSettings FromConfig(string prometheusYaml, string job, IEnumerable<RuleText> rules, string alertmanagerYaml)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var root = Yaml.Load(prometheusYaml);
        var global = Yaml.Child(root, "global");
        var evaluation = Durations.Parse(Yaml.Scalar(global, "evaluation_interval") ?? "1m");
        var scrape = Durations.Parse(Yaml.Scalar(global, "scrape_interval") ?? "1m");
        var timeout = Durations.Parse(Yaml.Scalar(global, "scrape_timeout") ?? "10s");
        if (Yaml.Child(root, "scrape_configs") is YamlSequenceNode jobs
            && jobs.Children.OfType<YamlMappingNode>().FirstOrDefault(j => Yaml.Scalar(j, "job_name") == job) is { } service)
        {
            scrape = Yaml.Scalar(service, "scrape_interval") is { } interval ? Durations.Parse(interval) : scrape;
            timeout = Yaml.Scalar(service, "scrape_timeout") is { } t ? Durations.Parse(t) : timeout;
        }

        var all = rules.ToArray();
        var recording = all.Where(r => !r.IsAlert).GroupBy(r => r.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(r => r.Expr).ToArray(), StringComparer.Ordinal);
        var alerts = new Dictionary<string, AlertRuleTiming>(StringComparer.Ordinal);
        foreach (var rule in all.Where(r => r.IsAlert))
        {
            var timing = new AlertRuleTiming(rule.For, rule.Severity, ThresholdCrossing.Of(rule.Expr, recording));
            // An alert defined twice (warning and critical) is first notified by its faster rule.
            if (!alerts.TryGetValue(rule.Name, out var existing) || Fastest(timing) < Fastest(existing))
            {
                alerts[rule.Name] = timing;
            }
        }
        return new AlertPipelineSettings(scrape, timeout, evaluation, alerts, AlertmanagerTiming.Parse(alertmanagerYaml));
    }

    private static TimeSpan Fastest(AlertRuleTiming rule) => rule.For + TimeSpan.FromSeconds(rule.Crossing.MinSeconds);

    /// <summary>Reads the configuration the running Prometheus and Alertmanager report, not the files.</summary>
    public static async Task<AlertPipelineSettings> ReadAsync(HttpClient prometheus, HttpClient alertmanager, string job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        ArgumentNullException.ThrowIfNull(alertmanager);
        var config = await prometheus.GetFromJsonAsync<JsonElement>("api/v1/status/config", cancellationToken);
        var rules = new List<RuleText>();
        var rulesJson = await prometheus.GetFromJsonAsync<JsonElement>("api/v1/rules", cancellationToken);
        foreach (var group in rulesJson.GetProperty("data").GetProperty("groups").EnumerateArray())
        {
            foreach (var rule in group.GetProperty("rules").EnumerateArray())
            {
                var isAlert = rule.GetProperty("type").GetString() == "alerting";
                var forSeconds = rule.TryGetProperty("duration", out var d) ? d.GetDouble() : 0;
                var severity = rule.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Object
                    && labels.TryGetProperty("severity", out var s) ? s.GetString() ?? "" : "";
                rules.Add(new RuleText(rule.GetProperty("name").GetString() ?? "", isAlert, rule.GetProperty("query").GetString() ?? "",
                    TimeSpan.FromSeconds(forSeconds), severity));
            }
        }
        var status = await alertmanager.GetFromJsonAsync<JsonElement>("api/v2/status", cancellationToken);
        return FromConfig(config.GetProperty("data").GetProperty("yaml").GetString() ?? "", job, rules,
            status.GetProperty("config").GetProperty("original").GetString() ?? "");
    }

    private static string S(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
