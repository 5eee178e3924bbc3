using System.Globalization;
using MonitoringStack.Load.Engine;
using Spectre.Console;

namespace MonitoringStack.LoadGen.Output;

/// <summary>The end-of-run tables: one row per phase plus the total, then per endpoint, then thresholds.</summary>
public static class ConsoleSummary
{
    public static void Write(IAnsiConsole console, LoadResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        console.MarkupLine($"[bold]{Markup.Escape(result.Profile)}[/] → {Markup.Escape(result.Target)}" +
            $"  ({F(result.DurationSeconds, "0.0")} s{(result.Interrupted ? ", [yellow]interrupted[/]" : "")})");

        var phases = NewTable("phase", "model");
        foreach (var phase in result.Phases)
        {
            AddRow(phases, phase);
        }
        AddRow(phases, result.Total, bold: true);
        console.Write(phases);

        if (result.Endpoints.Count > 1)
        {
            var endpoints = NewTable("endpoint", "");
            foreach (var endpoint in result.Endpoints)
            {
                AddRow(endpoints, endpoint);
            }
            console.Write(endpoints);
        }

        if (result.Thresholds.Count > 0)
        {
            var thresholds = new Table().AddColumns("threshold", "actual", "result");
            foreach (var threshold in result.Thresholds)
            {
                thresholds.AddRow(Markup.Escape(threshold.Expression), Markup.Escape(threshold.ActualText),
                    threshold.Passed ? "[green]pass[/]" : "[red]FAIL[/]");
            }
            console.Write(thresholds);
        }
    }

    private static Table NewTable(string first, string second)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn(first);
        if (second.Length > 0)
        {
            table.AddColumn(second);
        }
        foreach (var column in new[] { "target/s", "sent/s", "sent", "ok", "status", "timeout", "conn", "dropped", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms" })
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }
        return table;
    }

    private static void AddRow(Table table, PhaseResult r, bool bold = false)
    {
        var cells = new List<string> { Markup.Escape(r.Name) };
        if (table.Columns.Count == 15)
        {
            cells.Add(r.Model);
        }
        cells.AddRange([
            r.TargetRate is double target ? F(target, "0.0") : "-",
            F(r.SentRate, "0.0"),
            F(r.Sent, "0"),
            F(r.Succeeded, "0"),
            Red(r.Errors.Status),
            Red(r.Errors.Timeout),
            Red(r.Errors.Connection),
            r.Dropped > 0 ? $"[yellow]{r.Dropped}[/]" : "0",
            F(r.Latency.P50Ms, "0.00"),
            F(r.Latency.P90Ms, "0.00"),
            F(r.Latency.P99Ms, "0.00"),
            F(r.Latency.P999Ms, "0.00"),
            F(r.Latency.MaxMs, "0.00"),
        ]);
        table.AddRow(cells.Select(c => bold ? $"[bold]{c}[/]" : c).ToArray());
    }

    private static string Red(long count) => count > 0 ? $"[red]{count}[/]" : "0";

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
