using System.Globalization;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Experiments.Report;

/// <summary>Where a written report lives.</summary>
public sealed record ReportFiles(string Directory, string ResultsJson, string Html, string Markdown);

/// <summary>
/// Writes results.json, a self-contained report.html (inline SVG charts and CSS: works offline, one file
/// to mail) and report.md (PNG charts beside it, for reading on a forge).
/// </summary>
public static class ReportWriter
{
    public static ReportFiles Write(SuiteResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);

        var sections = new List<ReportSection>();
        if (result.Scalability is { } scalability)
        {
            sections.Add(new("Scalability", scalability.Findings, Figures.ScalingSummaryHeader, Figures.ScalingSummaryRows(scalability), Charts.ForScalability(scalability)));
            sections.Add(new("Scalability: every load step", [], Figures.ScalingHeader, Figures.ScalingRows(scalability), []));
        }
        if (result.Resilience.Count > 0)
        {
            sections.Add(new("Resilience: summary", [], Figures.ResilienceHeader, Figures.ResilienceRows(result.Resilience), []));
            if (result.Resilience.Any(r => r.ErrorRates is not null))
            {
                sections.Add(new("Errors: what users saw, what the replicas counted", [ErrorRatesRule], Figures.ErrorRatesHeader, Figures.ErrorRatesRows(result.Resilience), []));
            }
            if (result.Resilience.Any(r => r.Detection.Count > 0))
            {
                sections.Add(new("Detection: every expected alert", [DetectionRule], Figures.DetectionHeader, Figures.DetectionRows(result.Resilience), []));
            }
            foreach (var experiment in result.Resilience)
            {
                var text = new List<string> { experiment.Recovery.Explanation };
                if (experiment.ErrorRates is { } errors)
                {
                    text.Add(errors.Explanation);
                }
                text.AddRange(experiment.Detection.Select(d => d.Explanation));
                if (experiment.AlertsUnexpected.Count > 0)
                {
                    text.Add("Alerts that fired without being expected: " + string.Join(", ", experiment.AlertsUnexpected));
                }
                text.AddRange(experiment.Violations.Select(v => "Hypothesis violated: " + v));
                sections.Add(new($"Resilience: {experiment.Title}", text, ["log line"], experiment.LogLines.Select(l => new[] { l }), Charts.ForExperiment(experiment)));
            }
        }

        foreach (var spike in result.Spike)
        {
            sections.Add(new($"Traffic spike: {spike.Title}", [.. SpikeFigures.Summary(spike)], SpikeFigures.Header(spike), SpikeFigures.Rows(spike), SpikeCharts.For(spike)));
            sections.Add(new($"Traffic spike: {spike.Title}: replica changes and the autoscaler's decisions", [],
                ["variant", "log line"], spike.Variants.SelectMany(v => v.LogLines.Select(l => new[] { v.Name, l })), []));
        }

        ReportDocument.WriteCharts(sections, Path.Combine(directory, "charts"));

        var files = new ReportFiles(directory,
            Path.Combine(directory, "results.json"), Path.Combine(directory, "report.html"), Path.Combine(directory, "report.md"));
        ReportDocument.WriteAtomically(files.ResultsJson, result.ToJson());
        ReportDocument.WriteAtomically(files.Html, ReportDocument.Html(Title, HtmlIntro(result), 1, result.HypothesesHeld, sections));
        ReportDocument.WriteAtomically(files.Markdown, ReportDocument.Markdown(Title, MarkdownIntro(result), sections, "charts"));
        return files;
    }

    private const string ErrorRatesRule =
        "Client: every request the load generator intended in the fault window, failed for any cause (5xx, timeout, "
        + "connection, dropped). Replicas: their own request counter in Prometheus (http_server_request_duration_seconds_count, "
        + "infrastructure routes left out) from the last scrape before the fault to the first after it. Nginx retries a GET "
        + "that got a 5xx or a connection error once on another replica, never a POST that reached one: a 5xx the replicas "
        + "counted that no client saw is one resilience hid from users and monitoring still caught.";

    private const string DetectionRule =
        "An expected alert counts as detected only when its firing notification reached the receiver, no sooner than "
        + "its lower bound (every stage at its fastest: physics) and no later than its upper bound (every stage at its "
        + "slowest) plus the tolerance. Fired in Prometheus but never notified, notified late, or never fired fails the "
        + "experiment's hypothesis; sooner than the lower bound means the bound is wrong and fails too.";

    private const string Title = "MonitoringStack: scalability and resilience report";

    private static string Verdict(SuiteResult result) =>
        (result.HypothesesHeld ? "Every hypothesis held." : "At least one hypothesis FAILED (see the tables).")
        + (result.ResilienceScore is { } score ? string.Create(CultureInfo.InvariantCulture, $" Resilience score {score:0.0} / 100 (the mean over the fault experiments; see docs/experiments.md).") : "");

    private static string[] HtmlIntro(SuiteResult result) =>
    [
        string.Create(CultureInfo.InvariantCulture, $"Run {result.RunId}, started {result.StartedAt:u}, on {result.Machine.ProcessorCount} cores, {result.Machine.OperatingSystem}, {result.Machine.Runtime}."),
        Verdict(result),
        "Machine-readable figures: results.json beside this file. Shaded bands are fault periods; purple lines are alerts firing.",
    ];

    private static string[] MarkdownIntro(SuiteResult result) =>
    [
        string.Create(CultureInfo.InvariantCulture, $"Run `{result.RunId}`, started {result.StartedAt:u}, on {result.Machine.ProcessorCount} cores, {result.Machine.OperatingSystem}."),
        Verdict(result),
    ];
}
