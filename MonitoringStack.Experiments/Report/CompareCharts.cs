using MonitoringStack.Experiments.Results;
using ScottPlot;

namespace MonitoringStack.Experiments.Report;

/// <summary>
/// A comparison's charts: the baseline's and the candidate's series of each experiment both ran, overlaid on one
/// axis (baseline orange, candidate blue; dashed for a spike's fixed variant), the candidate's fault or spike shaded.
/// </summary>
public static class CompareCharts
{
    private static readonly Color Baseline = Colors.DarkOrange;
    private static readonly Color Candidate = Colors.SteelBlue;
    private static readonly Color Shade = Color.FromHex("#E4572E").WithAlpha(0.12);

    public static IReadOnlyList<Chart> Scalability(ScalabilityResult baseline, ScalabilityResult candidate)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var plot = new Plot();
        foreach (var (result, label, color) in new[] { (baseline, "baseline", Baseline), (candidate, "candidate", Candidate) })
        {
            var summaries = result.PerReplicaCount.OrderBy(s => s.Replicas).ToArray();
            Charts.AddLine(plot, [.. summaries.Select(s => (double)s.Replicas)], [.. summaries.Select(s => s.MaxThroughputRps)], label, color);
        }
        Charts.Finish(plot, $"Maximum throughput on {candidate.Endpoint}: baseline and candidate", "replicas", "requests/s");
        plot.Legend.Alignment = Alignment.LowerRight;
        return [Charts.ToChart("compare-scaling-throughput", "Maximum throughput by replica count",
            "Saturation throughput per replica count in each run: the candidate (blue) under the baseline (orange) is capacity lost.", plot)];
    }

    public static IReadOnlyList<Chart> Resilience(ResilienceResult baseline, ResilienceResult candidate)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        return
        [
            Overlay($"compare-{candidate.Name}-latency", $"{candidate.Title}: client p99 latency", "ms", candidate.FaultStartSecond, candidate.FaultEndSecond,
                "p99 latency per second from the intended send time, baseline (orange) and candidate (blue) on one axis; the shaded band is the candidate's fault.",
                plot =>
                {
                    foreach (var (result, label, color) in new[] { (baseline, "baseline", Baseline), (candidate, "candidate", Candidate) })
                    {
                        var answered = result.Timeline.Client.Where(s => s.P99Ms is not null).OrderBy(s => s.Second).ToArray();
                        Charts.AddLine(plot, [.. answered.Select(s => (double)s.Second)], [.. answered.Select(s => s.P99Ms!.Value)], label, color);
                    }
                }),
            Overlay($"compare-{candidate.Name}-failed", $"{candidate.Title}: failed requests per second", "requests/s", candidate.FaultStartSecond, candidate.FaultEndSecond,
                "Failed requests per second (any cause) in each run; the shaded band is the candidate's fault.",
                plot =>
                {
                    foreach (var (result, label, color) in new[] { (baseline, "baseline", Baseline), (candidate, "candidate", Candidate) })
                    {
                        var client = result.Timeline.Client.OrderBy(s => s.Second).ToArray();
                        Charts.AddLine(plot, [.. client.Select(s => (double)s.Second)], [.. client.Select(s => (double)s.Failed)], label, color);
                    }
                }),
        ];
    }

    public static IReadOnlyList<Chart> Spike(SpikeResult baseline, SpikeResult candidate)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        var pairs = candidate.Variants
            .Select(c => (Baseline: baseline.Variants.FirstOrDefault(b => b.Name == c.Name), Candidate: c))
            .Where(p => p.Baseline is not null).ToArray();
        void Draw(Plot plot, Func<SpikeVariantResult, (double[] X, double[] Y)> series, bool steps)
        {
            foreach (var (b, c) in pairs)
            {
                foreach (var (variant, run, color) in new[] { (b!, "baseline", Baseline), (c, "candidate", Candidate) })
                {
                    var (x, y) = series(variant);
                    var line = Charts.AddLine(plot, x, y, $"{run} {variant.Name}", color);
                    if (line is not null)
                    {
                        line.LinePattern = variant.Autoscaling ? LinePattern.Solid : LinePattern.Dashed;
                        if (steps)
                        {
                            line.ConnectStyle = ConnectStyle.StepHorizontal;
                            line.MarkerSize = 0;
                        }
                    }
                }
            }
        }
        return
        [
            Overlay($"compare-{candidate.Name}-latency", $"{candidate.Title}: client p99 latency", "ms", candidate.SpikeStartSecond, candidate.SpikeEndSecond,
                "p99 per second of each variant in each run (baseline orange, candidate blue; dashed is the fixed variant); the shaded band is the spike.",
                plot => Draw(plot, v =>
                {
                    var answered = v.Timeline.Client.Where(s => s.P99Ms is not null).OrderBy(s => s.Second).ToArray();
                    return ([.. answered.Select(s => (double)s.Second)], [.. answered.Select(s => s.P99Ms!.Value)]);
                }, steps: false)),
            Overlay($"compare-{candidate.Name}-replicas", $"{candidate.Title}: replicas serving", "replicas", candidate.SpikeStartSecond, candidate.SpikeEndSecond,
                "Replicas serving in each variant of each run: a later or smaller step up in the candidate is a slower autoscaler.",
                plot => Draw(plot, v => ([.. v.Timeline.Replicas.Select(p => p.Second)], [.. v.Timeline.Replicas.Select(p => p.Value)]), steps: true)),
        ];
    }

    private static Chart Overlay(string id, string title, string yLabel, double shadeFrom, double shadeTo, string howToRead, Action<Plot> draw)
    {
        var plot = new Plot();
        var span = plot.Add.HorizontalSpan(shadeFrom, Math.Max(shadeTo, shadeFrom + 0.5));
        span.FillStyle.Color = Shade;
        span.LineStyle.Width = 0;
        draw(plot);
        Charts.Finish(plot, title, "seconds since start", yLabel);
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, Math.Max(1, plot.Axes.GetLimits().Top * 1.1));
        return Charts.ToChart(id, title, howToRead, plot);
    }
}
