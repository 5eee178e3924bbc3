using System.Globalization;
using MonitoringStack.Experiments.Report;

namespace MonitoringStack.Experiments.Compare;

/// <summary>
/// <c>experiment compare &lt;baseline&gt; &lt;candidate&gt;</c>: reads both runs, judges every common figure,
/// prints the table, writes compare.html and compare.md next to the candidate, and returns the exit code:
/// 0 no figure worse, 4 at least one worse, 2 bad input (one line on <paramref name="errors"/> says which).
/// </summary>
public static class CompareCommand
{
    public static int Run(string baseline, string candidate, CompareSettings settings, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            var before = ResultsFile.Load(baseline);
            var after = ResultsFile.Load(candidate);
            var comparison = RunComparer.Compare(before, after, settings);
            Print(comparison, output);
            var directory = Path.GetDirectoryName(Path.GetFullPath(ResultsFile.PathOf(candidate)))!;
            var files = CompareReportWriter.Write(comparison, before, after, directory);
            output.WriteLine($"report: {files.Html}");
            output.WriteLine($"        {files.Markdown}");
            return comparison.ExitCode;
        }
        catch (CompareInputException ex)
        {
            errors.WriteLine($"MonitoringStack: {ex.Message}");
            return CompareInputException.ExitCode;
        }
    }

    /// <summary>The table as aligned text (without the test column: the report has it), then the figures only one run holds by experiment, then the summary.</summary>
    public static void Print(RunComparison comparison, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"baseline {comparison.BaselineRunId}, candidate {comparison.CandidateRunId}");
        var columns = new[] { 0, 1, 2, 3, 4, 5, 6, 8 };
        string[][] rows = [[.. columns.Select(c => CompareFigures.Header[c])], .. CompareFigures.Rows(comparison).Select(r => columns.Select(c => r[c]).ToArray())];
        var widths = columns.Select((_, i) => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }
        foreach (var (run, figures) in new[] { ("baseline", comparison.OnlyInBaseline), ("candidate", comparison.OnlyInCandidate) })
        {
            foreach (var experiment in figures.GroupBy(f => f.Experiment))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"only in the {run}: {experiment.Key} ({string.Join(", ", experiment.Select(f => f.Name))})"));
            }
        }
        output.WriteLine(CompareFigures.Summary(comparison));
    }
}
