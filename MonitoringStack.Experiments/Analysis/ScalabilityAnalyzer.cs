using System.Globalization;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Experiments.Analysis;

/// <summary>Turns the load steps of a scalability run into figures and plain-sentence findings.</summary>
public static class ScalabilityAnalyzer
{
    public static ScalabilityResult Analyze(string endpoint, IReadOnlyList<ScalingStep> steps, double fixedOfferedLoadRps, double minEfficiency)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var byReplicas = steps.GroupBy(s => s.Replicas).OrderBy(g => g.Key).ToArray();
        // Capacity at N replicas: the best successful throughput any step reached.
        var points = byReplicas.Select(g => new ScalingPoint(g.Key, g.Max(s => s.AchievedRps))).ToArray();
        var baseline = points.FirstOrDefault(p => p.Replicas == 1);
        var summaries = byReplicas.Select(g =>
        {
            var point = points.Single(p => p.Replicas == g.Key);
            double? efficiency = baseline is { ThroughputRps: > 0 } ? ScalingEfficiency.Of(point, baseline) : null;
            var atFixedLoad = g.Where(s => Math.Abs(s.OfferedRps - fixedOfferedLoadRps) < 0.5).Select(s => (double?)s.P99Ms).FirstOrDefault();
            return new ScalingSummary(g.Key, point.ThroughputRps, efficiency, atFixedLoad);
        }).ToArray();

        UslFit? usl = null;
        if (baseline is { ThroughputRps: > 0 } && points.Any(p => p.Replicas > 1 && p.ThroughputRps > 0))
        {
            usl = UslFitter.Fit(points);
        }

        return new ScalabilityResult
        {
            Endpoint = endpoint,
            Steps = steps,
            PerReplicaCount = summaries,
            Usl = usl,
            FixedOfferedLoadRps = fixedOfferedLoadRps,
            MinEfficiencyTarget = minEfficiency,
            Findings = Findings(byReplicas, summaries, usl, minEfficiency, fixedOfferedLoadRps),
        };
    }

    private static List<string> Findings(IGrouping<int, ScalingStep>[] byReplicas, ScalingSummary[] summaries, UslFit? usl, double minEfficiency, double fixedLoad)
    {
        var c = CultureInfo.InvariantCulture;
        var findings = new List<string>();
        var served = byReplicas.Select(g =>
        {
            var best = g.MaxBy(s => s.AchievedRps)!;
            var noun = g.Key == 1 ? "replica" : "replicas";
            return string.Create(c, $"with {g.Key} {noun} the API served {best.AchievedRps:0} requests/s at p99 {best.P99Ms:0} ms ({best.ErrorRate * 100:0.#} % errors, {best.OfferedRps:0} requests/s offered)");
        }).ToArray();
        if (served.Length > 0)
        {
            findings.Add(char.ToUpperInvariant(served[0][0]) + served[0][1..] + (served.Length > 1 ? "; " + string.Join("; ", served[1..]) : "") + ".");
        }
        foreach (var s in summaries.Where(s => s.Replicas > 1 && s.Efficiency is not null))
        {
            var verdict = s.Efficiency >= minEfficiency ? "meets" : "misses";
            findings.Add(string.Create(c, $"Scaling efficiency at {s.Replicas} replicas is {s.Efficiency:0.00}, which {verdict} the {minEfficiency:0.##} target."));
        }
        var fixedLoadLatencies = summaries.Where(s => s.P99AtFixedLoadMs is not null).ToArray();
        if (fixedLoadLatencies.Length > 1)
        {
            findings.Add(string.Create(c, $"At a fixed {fixedLoad:0} requests/s, p99 was ")
                + string.Join(", ", fixedLoadLatencies.Select(s => string.Create(c, $"{s.P99AtFixedLoadMs:0} ms with {s.Replicas}"))) + " replicas.");
        }
        if (usl is not null)
        {
            var peak = usl.PeakReplicas is { } n
                ? string.Create(c, $"throughput would peak near {n:0} replicas")
                : "no coherency cost was measured, so no peak is predicted in this range";
            findings.Add(string.Create(c, $"The Universal Scalability Law fit gives contention σ = {usl.Sigma:0.000} and coherency κ = {usl.Kappa:0.0000} (R² = {usl.RSquared:0.00}): {peak}."));
        }
        return findings;
    }
}
