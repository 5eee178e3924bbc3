using System.Globalization;
using MonitoringStack.Experiments.Compare;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Experiments.Report;

/// <summary>Where a comparison's report lives: beside the candidate's results.json.</summary>
public sealed record CompareReportFiles(string Html, string Markdown);

/// <summary>
/// Writes compare.html (self-contained) and compare.md (charts as PNG in compare-charts/) next to the
/// candidate: the verdict, the method, every figure, the figures only one run holds, and overlaid charts.
/// </summary>
public static class CompareReportWriter
{
    public const string ChartsFolder = "compare-charts";

    public static CompareReportFiles Write(RunComparison comparison, SuiteResult baseline, SuiteResult candidate, string directory)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var sections = new List<ReportSection>
        {
            new("Every figure both runs hold", CompareFigures.Method(comparison), CompareFigures.Header, CompareFigures.Rows(comparison), []),
        };
        if (comparison.OnlyInBaseline.Count + comparison.OnlyInCandidate.Count > 0)
        {
            sections.Add(new("Figures only one run holds", ["Not compared: the other run did not measure them (another experiment list, a skipped experiment, a fault without that alert)."],
                CompareFigures.OnlyInOneHeader, CompareFigures.OnlyInOneRows(comparison), []));
        }
        if (baseline.Scalability is { } bs && candidate.Scalability is { } cs)
        {
            sections.Add(new("Scalability", [], [], [], CompareCharts.Scalability(bs, cs)));
        }
        foreach (var c in candidate.Resilience.Where(r => r.Skipped is null))
        {
            if (baseline.Resilience.FirstOrDefault(b => b.Name == c.Name && b.Skipped is null) is { } b)
            {
                sections.Add(new($"Resilience: {c.Title}", [], [], [], CompareCharts.Resilience(b, c)));
            }
        }
        foreach (var c in candidate.Spike)
        {
            if (baseline.Spike.FirstOrDefault(b => b.Name == c.Name) is { } b)
            {
                sections.Add(new($"Traffic spike: {c.Title}", [], [], [], CompareCharts.Spike(b, c)));
            }
        }

        ReportDocument.WriteCharts(sections, Path.Combine(directory, ChartsFolder));
        var files = new CompareReportFiles(Path.Combine(directory, "compare.html"), Path.Combine(directory, "compare.md"));
        var title = "MonitoringStack: run comparison";
        string[] intro =
        [
            string.Create(CultureInfo.InvariantCulture, $"Baseline run {baseline.RunId} (started {baseline.StartedAt:u}) against candidate run {candidate.RunId} (started {candidate.StartedAt:u})."),
            CompareFigures.Summary(comparison),
        ];
        ReportDocument.WriteAtomically(files.Html, ReportDocument.Html(title, intro, 1, !comparison.AnyWorse, sections));
        ReportDocument.WriteAtomically(files.Markdown, ReportDocument.Markdown(title, intro, sections, ChartsFolder));
        return files;
    }
}
