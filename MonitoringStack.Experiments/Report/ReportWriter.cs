using System.Globalization;
using System.Net;
using System.Text;
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
        var chartsDirectory = Path.Combine(directory, "charts");
        Directory.CreateDirectory(chartsDirectory);

        var sections = new List<(string Heading, IReadOnlyList<string> Text, string[] Header, IEnumerable<string[]> Rows, IReadOnlyList<Chart> Charts)>();
        if (result.Scalability is { } scalability)
        {
            sections.Add(("Scalability", scalability.Findings, Figures.ScalingSummaryHeader, Figures.ScalingSummaryRows(scalability), Charts.ForScalability(scalability)));
            sections.Add(("Scalability: every load step", [], Figures.ScalingHeader, Figures.ScalingRows(scalability), []));
        }
        if (result.Resilience.Count > 0)
        {
            sections.Add(("Resilience: summary", [], Figures.ResilienceHeader, Figures.ResilienceRows(result.Resilience), []));
            if (result.Resilience.Any(r => r.ErrorRates is not null))
            {
                sections.Add(("Errors: what users saw, what the replicas counted", [ErrorRatesRule], Figures.ErrorRatesHeader, Figures.ErrorRatesRows(result.Resilience), []));
            }
            if (result.Resilience.Any(r => r.Detection.Count > 0))
            {
                sections.Add(("Detection: every expected alert", [DetectionRule], Figures.DetectionHeader, Figures.DetectionRows(result.Resilience), []));
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
                sections.Add(($"Resilience: {experiment.Title}", text, ["log line"], experiment.LogLines.Select(l => new[] { l }), Charts.ForExperiment(experiment)));
            }
        }

        foreach (var spike in result.Spike)
        {
            sections.Add(($"Traffic spike: {spike.Title}", [.. SpikeFigures.Summary(spike)], SpikeFigures.Header(spike), SpikeFigures.Rows(spike), SpikeCharts.For(spike)));
            sections.Add(($"Traffic spike: {spike.Title}: replica changes and the autoscaler's decisions", [],
                ["variant", "log line"], spike.Variants.SelectMany(v => v.LogLines.Select(l => new[] { v.Name, l })), []));
        }

        foreach (var chart in sections.SelectMany(s => s.Charts))
        {
            File.WriteAllBytes(Path.Combine(chartsDirectory, chart.Id + ".png"), chart.Png);
        }

        var files = new ReportFiles(directory,
            Path.Combine(directory, "results.json"), Path.Combine(directory, "report.html"), Path.Combine(directory, "report.md"));
        WriteAtomically(files.ResultsJson, result.ToJson());
        WriteAtomically(files.Html, Html(result, sections));
        WriteAtomically(files.Markdown, Markdown(result, sections));
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

    // A crash while writing must not leave a half report that looks whole.
    private static void WriteAtomically(string path, string content)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temp, path, overwrite: true);
    }

    private static string Verdict(SuiteResult result) =>
        result.HypothesesHeld ? "Every hypothesis held." : "At least one hypothesis FAILED (see the tables).";

    private static string Html(SuiteResult result, IEnumerable<(string Heading, IReadOnlyList<string> Text, string[] Header, IEnumerable<string[]> Rows, IReadOnlyList<Chart> Charts)> sections)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>MonitoringStack report {{E(result.RunId)}}</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 1000px; margin: 2em auto; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
            th { background: #f3f3f3; }
            figure { margin: 1.5em 0; } figcaption { color: #555; font-size: 0.9em; }
            .ok { color: #1b7f3b; } .fail { color: #b00020; font-weight: bold; }
            </style></head><body>
            <h1>MonitoringStack: scalability and resilience report</h1>
            <p>Run <code>{{E(result.RunId)}}</code>, started {{result.StartedAt:u}}, on {{result.Machine.ProcessorCount}} cores, {{E(result.Machine.OperatingSystem)}}, {{E(result.Machine.Runtime)}}.</p>
            <p class="{{(result.HypothesesHeld ? "ok" : "fail")}}">{{E(Verdict(result))}}</p>
            <p>Machine-readable figures: <code>results.json</code> beside this file. Shaded bands are fault periods; purple lines are alerts firing.</p>
            """);
        foreach (var section in sections)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{E(section.Heading)}</h2>\n");
            foreach (var line in section.Text)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>{E(line)}</p>\n");
            }
            var rows = section.Rows.ToArray();
            if (rows.Length > 0)
            {
                html.Append("<table><tr>");
                foreach (var h in section.Header)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<th>{E(h)}</th>");
                }
                html.Append("</tr>\n");
                foreach (var row in rows)
                {
                    html.Append("<tr>").AppendJoin("", row.Select(c => $"<td>{E(c)}</td>")).Append("</tr>\n");
                }
                html.Append("</table>\n");
            }
            foreach (var chart in section.Charts)
            {
                html.Append(CultureInfo.InvariantCulture, $"<figure id=\"{E(chart.Id)}\">{chart.Svg}<figcaption><b>{E(chart.Title)}.</b> {E(chart.HowToRead)}</figcaption></figure>\n");
            }
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string Markdown(SuiteResult result, IEnumerable<(string Heading, IReadOnlyList<string> Text, string[] Header, IEnumerable<string[]> Rows, IReadOnlyList<Chart> Charts)> sections)
    {
        static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
        var md = new StringBuilder();
        md.AppendLine("# MonitoringStack: scalability and resilience report").AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Run `{result.RunId}`, started {result.StartedAt:u}, on {result.Machine.ProcessorCount} cores, {result.Machine.OperatingSystem}.").AppendLine()
            .AppendLine(Verdict(result)).AppendLine();
        foreach (var section in sections)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"## {section.Heading}").AppendLine();
            foreach (var line in section.Text)
            {
                md.AppendLine(line).AppendLine();
            }
            var rows = section.Rows.ToArray();
            if (rows.Length > 0)
            {
                md.AppendLine("| " + string.Join(" | ", section.Header.Select(Cell)) + " |");
                md.AppendLine("|" + string.Concat(section.Header.Select(_ => "---|")));
                foreach (var row in rows)
                {
                    md.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
                }
                md.AppendLine();
            }
            foreach (var chart in section.Charts)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"![{chart.Title}](charts/{chart.Id}.png)").AppendLine()
                    .AppendLine(CultureInfo.InvariantCulture, $"*{chart.HowToRead}*").AppendLine();
            }
        }
        return md.ToString();
    }
}
