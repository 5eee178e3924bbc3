using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Experiments.Analysis;

/// <summary>
/// One fault experiment's resilience as a number from 0 to 100: the mean of three parts, each 0..1
/// (docs/experiments.md, "Resilience score", has a worked example).
/// <list type="bullet">
/// <item><b>Availability</b>: 1 when the availability during the fault met the hypothesis' minimum; below it,
/// the unavailability the hypothesis allows over the unavailability there was, (1 − min) / (1 − a).</item>
/// <item><b>Detection</b>: the share of expected alerts notified within their bound; left out (not counted as
/// 1) when the experiment expects none.</item>
/// <item><b>Recovery</b>: 1 without visible impact; 1 − MTTR / (seconds observed from the fault's start)
/// after one; 0 when the steady state never came back.</item>
/// </list>
/// The parts weigh the same: a fault users did not notice, that monitoring reported in time and that left no
/// lasting damage scores 100, and each failing part costs a third (a half without expected alerts).
/// </summary>
public sealed record ResilienceScore(double Availability, double? Detection, double Recovery)
{
    public double Total => 100 * (Availability + (Detection ?? 0) + Recovery) / (Detection is null ? 2 : 3);

    /// <summary>Null for a skipped experiment: it measured nothing.</summary>
    public static ResilienceScore? Of(ResilienceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Skipped is not null)
        {
            return null;
        }
        var minimum = result.Hypothesis.MinAvailability;
        var availability = result.AvailabilityDuringFault switch
        {
            null => 0,
            { } a when a >= minimum => 1,
            { } a => (1 - minimum) / (1 - a),
        };
        double? detection = result.Detection.Count == 0 ? null : (double)result.Detection.Count(d => d.WithinBound) / result.Detection.Count;
        var observed = result.DurationSeconds - result.FaultStartSecond;
        var recovery = result.Recovery switch
        {
            { Impacted: false } => 1,
            { MttrSeconds: { } mttr } when observed > 0 => Math.Clamp(1 - mttr / observed, 0, 1),
            _ => 0,
        };
        return new ResilienceScore(availability, detection, recovery);
    }

    /// <summary>A run's score: the mean of its fault experiments' totals; null when none ran.</summary>
    public static double? OfRun(IEnumerable<ResilienceResult> results)
    {
        var totals = results.Select(Of).OfType<ResilienceScore>().Select(s => s.Total).ToArray();
        return totals.Length == 0 ? null : totals.Average();
    }
}
