using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Results;
using ScottPlot;

namespace MonitoringStack.Experiments.Report;

/// <summary>A rendered chart: SVG for the self-contained HTML report, PNG for the Markdown one.</summary>
public sealed record Chart(string Id, string Title, string HowToRead, string Svg, byte[] Png);

/// <summary>
/// Builds the report's charts with ScottPlot. Every time chart shades the fault period and marks alert
/// firings, so cause and effect sit on one axis.
/// </summary>
public static class Charts
{
    private const int Width = 900;
    private const int Height = 320;
    private static readonly Color FaultShade = Color.FromHex("#E4572E").WithAlpha(0.15);
    private static readonly Color AlertColor = Color.FromHex("#7B2CBF");

    public static IReadOnlyList<Chart> ForExperiment(ResilienceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var client = result.Timeline.Client.OrderBy(s => s.Second).ToArray();
        var seconds = client.Select(s => (double)s.Second).ToArray();
        var charts = new List<Chart>
        {
            Render($"{result.Name}-throughput", $"{result.Title}: client throughput", "requests/s", result,
                "Successful and failed requests per second as the load generator saw them. The shaded band is the fault; purple lines are alerts firing.",
                plot =>
                {
                    AddLine(plot, seconds, client.Select(s => (double)s.Ok).ToArray(), "ok", Colors.SeaGreen);
                    AddLine(plot, seconds, client.Select(s => (double)s.Failed).ToArray(), "failed", Colors.Crimson);
                }),
            Render($"{result.Name}-latency", $"{result.Title}: client p99 latency", "ms", result,
                "p99 latency per second, measured from the intended send time (queueing included). The grey line is the hypothesis' p99 limit.",
                plot =>
                {
                    var withLatency = client.Where(s => s.P99Ms is not null).ToArray();
                    AddLine(plot, withLatency.Select(s => (double)s.Second).ToArray(),
                        withLatency.Select(s => s.P99Ms!.Value).ToArray(), "p99", Colors.SteelBlue);
                    var limit = plot.Add.HorizontalLine(result.Hypothesis.MaxP99Ms);
                    limit.LineWidth = 1;
                    limit.Color = Colors.Gray;
                }),
        };
        if (result.Timeline.CpuByInstance.Count > 0)
        {
            charts.Add(Render($"{result.Name}-cpu", $"{result.Title}: CPU per instance", "share of machine", result,
                "Process CPU utilisation of each API replica (monitoringstack_process_cpu_utilization_ratio, from Prometheus). Dots are samples: a straight stretch without dots is a gap, when the replica was not scraped (down or hung).",
                plot => AddSeries(plot, result.Timeline.CpuByInstance)));
        }
        if (result.Timeline.MemoryMbByInstance.Count > 0)
        {
            charts.Add(Render($"{result.Name}-memory", $"{result.Title}: memory per instance", "MB", result,
                "Working set of each API replica (monitoringstack_process_memory_usage_bytes, from Prometheus).",
                plot => AddSeries(plot, result.Timeline.MemoryMbByInstance)));
        }
        return charts;
    }

    public static IReadOnlyList<Chart> ForScalability(ScalabilityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var summaries = result.PerReplicaCount.OrderBy(s => s.Replicas).ToArray();
        var replicas = summaries.Select(s => (double)s.Replicas).ToArray();
        var charts = new List<Chart>();

        var throughput = new Plot();
        AddLine(throughput, replicas, summaries.Select(s => s.MaxThroughputRps).ToArray(), "measured", Colors.SteelBlue);
        var single = summaries.FirstOrDefault(s => s.Replicas == 1);
        if (single is not null)
        {
            var ideal = throughput.Add.Scatter(replicas, replicas.Select(n => n * single.MaxThroughputRps).ToArray());
            ideal.LegendText = "linear (N × T(1))";
            ideal.LineWidth = 1;
            ideal.MarkerSize = 0;
            ideal.Color = Colors.Gray;
        }
        if (result.Usl is { } usl)
        {
            var max = replicas.Max();
            var xs = Enumerable.Range(0, 50).Select(i => 1 + i * (max - 1) / 49.0).ToArray();
            var fit = throughput.Add.Scatter(xs, xs.Select(usl.Predict).ToArray());
            fit.LegendText = $"USL fit (σ={usl.Sigma:0.000}, κ={usl.Kappa:0.0000})";
            fit.MarkerSize = 0;
            fit.Color = Colors.DarkOrange;
        }
        Finish(throughput, $"Scalability: maximum throughput on {result.Endpoint}", "replicas", "requests/s");
        ReplicaTicks(throughput, replicas);
        throughput.Legend.Alignment = Alignment.LowerRight;
        throughput.Axes.SetLimitsY(0, Math.Max(1, replicas.Max() * (single?.MaxThroughputRps ?? summaries.Max(s => s.MaxThroughputRps))) * 1.1);
        charts.Add(ToChart("scaling-throughput", $"Maximum throughput on {result.Endpoint} by replica count",
            "Measured saturation throughput per replica count (blue) against perfect linear scaling (grey) and the Universal Scalability Law fit (orange). The closer blue is to grey, the better the stack scales.",
            throughput));

        var efficiency = new Plot();
        var withEfficiency = summaries.Where(s => s.Efficiency is not null).ToArray();
        var bars = efficiency.Add.Bars(withEfficiency.Select(s => (double)s.Replicas).ToArray(),
            withEfficiency.Select(s => s.Efficiency!.Value).ToArray());
        bars.LegendText = "efficiency T(N)/(N·T(1))";
        var target = efficiency.Add.HorizontalLine(result.MinEfficiencyTarget);
        target.Color = Colors.DarkOrange;
        target.LegendText = $"target {result.MinEfficiencyTarget:0.##}";
        Finish(efficiency, "Scaling efficiency", "replicas", "efficiency");
        ReplicaTicks(efficiency, replicas);
        // Headroom above the bars keeps the legend off them.
        efficiency.Axes.SetLimitsY(0, 1.45);
        charts.Add(ToChart("scaling-efficiency", "Scaling efficiency by replica count",
            "Each bar is the throughput at N replicas divided by N times the throughput of one replica. 1.0 is linear; the orange line is the target.",
            efficiency));

        var fixedLoad = summaries.Where(s => s.P99AtFixedLoadMs is not null).ToArray();
        if (fixedLoad.Length > 0)
        {
            var latency = new Plot();
            latency.Add.Bars(fixedLoad.Select(s => (double)s.Replicas).ToArray(), fixedLoad.Select(s => s.P99AtFixedLoadMs!.Value).ToArray());
            Finish(latency, $"p99 latency at {result.FixedOfferedLoadRps:0} requests/s offered", "replicas", "p99 (ms)");
            ReplicaTicks(latency, replicas);
            charts.Add(ToChart("scaling-latency", "p99 latency at a fixed offered load",
                "The same offered load served by more replicas: queueing falls, so p99 should fall as replicas are added.", latency));
        }
        return charts;
    }

    private static Chart Render(string id, string title, string yLabel, ResilienceResult result, string howToRead, Action<Plot> draw)
    {
        var plot = new Plot();
        var span = plot.Add.HorizontalSpan(result.FaultStartSecond, result.FaultEndSecond);
        span.FillStyle.Color = FaultShade;
        span.LineStyle.Width = 0;
        span.LegendText = $"fault: {result.Fault}";
        draw(plot);
        foreach (var alert in result.Timeline.Alerts.Where(a => a.Kind == "firing"))
        {
            var line = plot.Add.VerticalLine(alert.Second);
            line.Color = AlertColor;
            line.LineWidth = 1.5f;
            
            line.Text = alert.AlertName;
            line.LabelFontSize = 10;
        }
        Finish(plot, title, "seconds since start", yLabel);
        return ToChart(id, title, howToRead, plot);
    }

    private static void AddSeries(Plot plot, IReadOnlyList<NamedSeries> series)
    {
        foreach (var s in series)
        {
            var points = s.Points.OrderBy(p => p.Second).ToArray();
            AddLine(plot, points.Select(p => p.Second).ToArray(), points.Select(p => p.Value).ToArray(), s.Name, null);
        }
    }

    internal static ScottPlot.Plottables.Scatter? AddLine(Plot plot, double[] xs, double[] ys, string label, Color? color)
    {
        if (xs.Length == 0)
        {
            return null;
        }
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = label;
        line.MarkerSize = xs.Length > 60 ? 0 : 4;
        line.LineWidth = 2;
        if (color is { } c)
        {
            line.Color = c;
        }
        return line;
    }

    // Replica counts are whole numbers: tick exactly the measured ones.
    private static void ReplicaTicks(Plot plot, double[] replicas) =>
        plot.Axes.Bottom.SetTicks(replicas, replicas.Select(r => r.ToString("0", System.Globalization.CultureInfo.InvariantCulture)).ToArray());

    internal static void Finish(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Margins(bottom: 0);
    }

    internal static Chart ToChart(string id, string title, string howToRead, Plot plot) =>
        new(id, title, howToRead, plot.GetSvgXml(Width, Height), plot.GetImageBytes(Width, Height, ImageFormat.Png));
}
