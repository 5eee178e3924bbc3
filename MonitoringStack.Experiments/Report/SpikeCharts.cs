using MonitoringStack.Experiments.Results;
using ScottPlot;

namespace MonitoringStack.Experiments.Report;

/// <summary>
/// The spike experiment's charts: every variant on one time axis (seconds from the start of its load),
/// the spike shaded, so fixed and autoscaled read side by side.
/// </summary>
public static class SpikeCharts
{
    private static readonly Color SpikeShade = Color.FromHex("#E4572E").WithAlpha(0.12);
    // The first variant (fixed) warm, the second (autoscaled) cool, in every chart.
    private static readonly Color[] VariantColors = [Colors.DarkOrange, Colors.SteelBlue, Colors.SeaGreen, Colors.Purple];

    public static IReadOnlyList<Chart> For(SpikeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var charts = new List<Chart>
        {
            Render(result, "replicas", "replicas serving", "replicas",
                "API replicas serving traffic in each variant: a scale-up counts from when its new replicas joined nginx (all healthy), a scale-down from when the leaving ones were taken out. The shaded band is the spike.",
                (plot, v, color) =>
                {
                    var points = v.Timeline.Replicas;
                    var line = Charts.AddLine(plot, [.. points.Select(p => p.Second)], [.. points.Select(p => p.Value)], v.Name, color);
                    if (line is not null)
                    {
                        line.ConnectStyle = ConnectStyle.StepHorizontal;
                        line.MarkerSize = 0;
                    }
                },
                plot => plot.Axes.SetLimitsY(0, result.Variants.Max(v => v.PeakReplicas) + 1)),
            Render(result, "throughput", "successful requests per second", "requests/s",
                "Requests answered successfully per second, by the second they were meant to be sent; the grey steps are the offered rate.",
                (plot, v, color) => Charts.AddLine(plot, Seconds(v), [.. v.Timeline.Client.Select(s => (double)s.Ok)], v.Name, color),
                plot =>
                {
                    var offered = Charts.AddLine(plot,
                        [.. result.Phases.Select(p => (double)p.StartSecond), result.DurationSeconds],
                        [.. result.Phases.Select(p => p.Rate), result.Phases[^1].Rate], "offered", Colors.Gray);
                    if (offered is not null)
                    {
                        offered.ConnectStyle = ConnectStyle.StepHorizontal;
                        offered.LineWidth = 1;
                        offered.MarkerSize = 0;
                    }
                }),
            Render(result, "latency", "client p99 latency", "ms",
                "p99 latency per second from the intended send time (queueing included; refusals with 503 count with their latency). The grey line is the hypothesis' p99 limit.",
                (plot, v, color) =>
                {
                    var answered = v.Timeline.Client.Where(s => s.P99Ms is not null).ToArray();
                    Charts.AddLine(plot, [.. answered.Select(s => (double)s.Second)], [.. answered.Select(s => s.P99Ms!.Value)], v.Name, color);
                },
                plot =>
                {
                    var limit = plot.Add.HorizontalLine(result.Hypothesis.MaxP99Ms);
                    limit.LineWidth = 1;
                    limit.Color = Colors.Gray;
                }),
            Render(result, "errors", "failed requests per second", "requests/s",
                "Failed requests per second (any cause: refused at capacity with 503, reset, timed out, dropped). Most of a spike's failures are 503s: the API refuses what its queue cannot hold.",
                (plot, v, color) => Charts.AddLine(plot, Seconds(v), [.. v.Timeline.Client.Select(s => (double)s.Failed)], v.Name, color),
                null),
        };
        if (result.Variants.Any(v => v.Timeline.Signal.Count > 0))
        {
            charts.Add(Render(result, "signal", "the autoscaler's signal", "in flight per replica",
                "What the autoscaler read at each decision (a dot per decision, every second): requests in flight per replica (from Prometheus), against its target (grey). Above the target (and its tolerance) it scales up. A gap is a hold: a new replica without a reading yet.",
                (plot, v, color) =>
                {
                    // Dots, not a line: a line would draw readings across the holds, when there were none.
                    var dots = Charts.AddLine(plot, [.. v.Timeline.Signal.Select(p => p.Second)], [.. v.Timeline.Signal.Select(p => p.Value)], v.Name, color);
                    if (dots is not null)
                    {
                        dots.LineWidth = 0;
                        dots.MarkerSize = 4;
                    }
                },
                plot =>
                {
                    if (result.Variants.Select(v => v.SignalTarget).FirstOrDefault(t => t is not null) is { } target)
                    {
                        var line = plot.Add.HorizontalLine(target);
                        line.LineWidth = 1;
                        line.Color = Colors.Gray;
                    }
                }));
        }
        return charts;
    }

    private static double[] Seconds(SpikeVariantResult variant) => [.. variant.Timeline.Client.Select(s => (double)s.Second)];

    private static Chart Render(SpikeResult result, string id, string what, string yLabel, string howToRead,
        Action<Plot, SpikeVariantResult, Color> drawVariant, Action<Plot>? finish)
    {
        var plot = new Plot();
        var span = plot.Add.HorizontalSpan(result.SpikeStartSecond, result.SpikeEndSecond);
        span.FillStyle.Color = SpikeShade;
        span.LineStyle.Width = 0;
        span.LegendText = "spike";
        for (var i = 0; i < result.Variants.Count; i++)
        {
            drawVariant(plot, result.Variants[i], VariantColors[i % VariantColors.Length]);
        }
        var title = $"{result.Title}: {what}";
        Charts.Finish(plot, title, "seconds since the load started", yLabel);
        // Counts and latencies read against zero; headroom keeps the legend off the data.
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, plot.Axes.GetLimits().Top * 1.1);
        finish?.Invoke(plot);
        return Charts.ToChart($"{result.Name}-{id}", title, howToRead, plot);
    }
}
