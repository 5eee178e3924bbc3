using System.Globalization;
using System.Text.Json.Serialization;

namespace MonitoringStack.Experiments.Analysis;

/// <summary>
/// One stage between a fault and the page, with the least and the most time the running configuration
/// lets it take (e.g. a scrape: 0 s when one happens right after the fault, an interval plus the timeout
/// when the fault lands just after one and the scrape then times out).
/// </summary>
public sealed record BoundTerm(string Name, double MinSeconds, double MaxSeconds, string Why)
{
    [JsonIgnore]
    public string Range => MinSeconds == MaxSeconds
        ? string.Create(CultureInfo.InvariantCulture, $"{MinSeconds:0.#} s")
        : string.Create(CultureInfo.InvariantCulture, $"{MinSeconds:0.#}–{MaxSeconds:0.#} s");
}

/// <summary>
/// How long an alert needs from the fault to the receiver, stage by stage. <see cref="LowerSeconds"/>
/// is physics: no notification can arrive sooner (one that does shows a wrong bound).
/// <see cref="UpperSeconds"/> is every stage at its worst: a notification later than that (plus the
/// stated tolerance) means the pipeline lost or held it.
/// </summary>
public sealed record DetectionBound(IReadOnlyList<BoundTerm> Terms)
{
    public double LowerSeconds => Terms.Sum(t => t.MinSeconds);

    public double UpperSeconds => Terms.Sum(t => t.MaxSeconds);

    /// <summary>The same bound starting later: the alert's condition can only exist after <paramref name="onset"/>.</summary>
    public DetectionBound WithOnset(TimeSpan onset)
    {
        var rest = Terms.Where(t => t.Name != "onset");
        if (onset <= TimeSpan.Zero)
        {
            return new DetectionBound(rest.ToArray());
        }
        var term = new BoundTerm("onset", onset.TotalSeconds, onset.TotalSeconds, "the condition exists only once the faulty process is back");
        return new DetectionBound([term, .. rest]);
    }

    public string Decomposed =>
        string.Join(" + ", Terms.Select(t => $"{t.Name} {t.Range}"))
        + string.Create(CultureInfo.InvariantCulture, $" = {Range(LowerSeconds, UpperSeconds)}");

    private static string Range(double min, double max) => min == max
        ? string.Create(CultureInfo.InvariantCulture, $"{min:0.#} s")
        : string.Create(CultureInfo.InvariantCulture, $"{min:0.#}–{max:0.#} s");
}
