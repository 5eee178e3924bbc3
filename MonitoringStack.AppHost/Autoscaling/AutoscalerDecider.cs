using System.Globalization;
using MonitoringStack.Topology;

namespace MonitoringStack.AppHost.Autoscaling;

/// <summary>
/// The autoscaler's decisions, with no I/O and the clock passed in, so every rule is unit-tested. It
/// follows the Kubernetes HPA algorithm: desired = ceil(current × average / target), no change within the
/// tolerance, bounded by min/max; every recommendation is remembered, and the count moves up to the lowest
/// recommendation of the scale-up window and down only to the highest of the scale-down window (so a dip
/// shorter than the window removes nothing); one step adds at most max(percent, pods). Unlike the HPA,
/// a replica without a fresh reading stops the decision altogether: guessing its load could remove
/// capacity that is in use.
/// </summary>
public sealed class AutoscalerDecider(AutoscalingPolicy policy)
{
    private readonly List<(DateTimeOffset At, int Replicas)> _recommendations = [];
    // A scale by hand reports its change from the command's thread while the loop decides.
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastChange;

    /// <summary>
    /// The replica count changed at <paramref name="at"/> (by this autoscaler or by hand): settle before the
    /// next decision. A count this autoscaler set (<paramref name="to"/>) is also remembered as a
    /// recommendation of that moment: until the new replicas are scraped there is no reading, and without
    /// it the scale-down window could close over that gap and remove them as soon as they appear.
    /// </summary>
    public void Changed(DateTimeOffset at, int? to = null)
    {
        lock (_gate)
        {
            _lastChange = at;
            if (to is { } replicas)
            {
                Remember(at, replicas);
            }
        }
    }

    /// <summary>Drops every remembered recommendation (switched on again after a time off).</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _recommendations.Clear();
        }
    }

    /// <param name="readings">One per running replica (api-0 … api-(current−1)).</param>
    public AutoscalerDecision Decide(DateTimeOffset now, int current, IReadOnlyList<ReplicaReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        lock (_gate)
        {
            return DecideLocked(now, current, readings);
        }
    }

    private AutoscalerDecision DecideLocked(DateTimeOffset now, int current, IReadOnlyList<ReplicaReading> readings)
    {
        var values = readings.ToDictionary(r => r.Replica, r => r.Value, StringComparer.Ordinal);
        var decision = new AutoscalerDecision
        {
            At = now,
            Signal = policy.Signal.Name,
            Target = policy.Signal.Target,
            Current = current,
            Readings = values,
            To = current,
            Action = AutoscalerAction.Hold,
            Reason = "",
        };

        string? settling = _lastChange is { } changed && now - changed < TimeSpan.FromSeconds(policy.SettleSeconds)
            ? $"settling: {F((now - changed).TotalSeconds)} s since the replica count changed, decisions resume after {F(policy.SettleSeconds)} s"
            : null;
        if (Unusable(now, readings) is { Count: > 0 } problems)
        {
            return decision with { Reason = settling ?? $"no change, metric unusable: {string.Join("; ", problems)}" };
        }

        var average = readings.Sum(r => r.Value!.Value) / current;
        var ratio = average / policy.Signal.Target;
        // Less a hair: 2 × 4.2 / 2.8 is 3.0000000000000004 in doubles, and rounding noise must not add a replica.
        var desired = (int)Math.Ceiling(current * ratio - 1e-9);
        var withinTolerance = Math.Abs(ratio - 1) <= policy.Tolerance;
        var recommendation = Math.Clamp(withinTolerance ? current : desired, policy.MinReplicas, policy.MaxReplicas);
        // Remembered even while settling: a load that lasts through the settling time must hold the
        // scale-down window open, or the window would start only when settling ends (seen end to end).
        Remember(now, recommendation);
        var measured = $"{policy.Signal.Name} {F(average)} vs target {F(policy.Signal.Target)} (x{F(ratio)})";
        if (settling is not null)
        {
            return decision with
            {
                Average = average,
                Ratio = ratio,
                Desired = desired,
                Recommendation = recommendation,
                Reason = $"{measured}: recommended {recommendation}, not acted on; {settling}",
            };
        }

        var upRecommendation = Lowest(now, policy.ScaleUp.StabilizationWindowSeconds);
        var downRecommendation = Highest(now, policy.ScaleDown.StabilizationWindowSeconds);
        var to = current;
        if (to < upRecommendation)
        {
            to = upRecommendation;
        }
        if (to > downRecommendation)
        {
            to = downRecommendation;
        }
        var stepLimit = Math.Max((int)Math.Ceiling(current * (1 + policy.ScaleUp.Percent / 100.0)), current + policy.ScaleUp.Pods);
        to = Math.Clamp(Math.Min(to, stepLimit), policy.MinReplicas, policy.MaxReplicas);

        var action = to > current ? AutoscalerAction.ScaleUp : to < current ? AutoscalerAction.ScaleDown : AutoscalerAction.None;
        string why;
        if (to == recommendation)
        {
            why = withinTolerance ? $"within the {F(policy.Tolerance * 100)} % tolerance" : $"desired {desired}";
            if (recommendation != (withinTolerance ? current : desired))
            {
                why += $", bounded to {recommendation} (min {policy.MinReplicas}, max {policy.MaxReplicas})";
            }
        }
        else if (to > recommendation)
        {
            why = $"recommended {recommendation}, kept at {to} by the scale-down window (highest recommendation over {F(policy.ScaleDown.StabilizationWindowSeconds)} s)";
        }
        else if (to == stepLimit)
        {
            why = $"recommended {recommendation}, {to} this step (limit +{policy.ScaleUp.Percent} % or +{policy.ScaleUp.Pods})";
        }
        else
        {
            why = $"recommended {recommendation}, {to} by the scale-up window (lowest recommendation over {F(policy.ScaleUp.StabilizationWindowSeconds)} s)";
        }
        return decision with
        {
            Average = average,
            Ratio = ratio,
            Desired = desired,
            Recommendation = recommendation,
            To = to,
            Action = action,
            Reason = $"{measured}: {why}; {Describe(action, current, to)}",
        };
    }

    private List<string> Unusable(DateTimeOffset now, IReadOnlyList<ReplicaReading> readings)
    {
        var maxAge = TimeSpan.FromSeconds(policy.MetricMaxAgeSeconds);
        var problems = new List<string>();
        foreach (var reading in readings)
        {
            if (reading.Problem is { } problem)
            {
                problems.Add($"{reading.Replica}: {problem}");
            }
            else if (reading.Value is null || reading.SampledAt is null)
            {
                problems.Add($"{reading.Replica}: no sample");
            }
            else if (now - reading.SampledAt.Value > maxAge)
            {
                problems.Add($"{reading.Replica}: newest sample {F((now - reading.SampledAt.Value).TotalSeconds)} s old (limit {F(policy.MetricMaxAgeSeconds)} s)");
            }
        }
        if (readings.Count == 0)
        {
            problems.Add("no replica to read");
        }
        return problems;
    }

    private void Remember(DateTimeOffset now, int replicas)
    {
        _recommendations.Add((now, replicas));
        var keep = TimeSpan.FromSeconds(Math.Max(policy.ScaleUp.StabilizationWindowSeconds, policy.ScaleDown.StabilizationWindowSeconds));
        _recommendations.RemoveAll(r => now - r.At > keep);
    }

    private int Lowest(DateTimeOffset now, double windowSeconds) =>
        _recommendations.Where(r => now - r.At <= TimeSpan.FromSeconds(windowSeconds)).Min(r => r.Replicas);

    private int Highest(DateTimeOffset now, double windowSeconds) =>
        _recommendations.Where(r => now - r.At <= TimeSpan.FromSeconds(windowSeconds)).Max(r => r.Replicas);

    private static string Describe(AutoscalerAction action, int from, int to) => action switch
    {
        AutoscalerAction.ScaleUp => $"scale up {from} -> {to}",
        AutoscalerAction.ScaleDown => $"scale down {from} -> {to}",
        _ => $"stay at {from}",
    };

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
