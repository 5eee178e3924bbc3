using System.Globalization;
using System.Text.RegularExpressions;

namespace MonitoringStack.Experiments.Analysis;

/// <summary>
/// How long a rule's expression needs, once its input has changed, before it can cross its threshold:
/// an expression over a range window (<c>rate(x[1m])</c>, <c>avg_over_time(x[1m])</c>, directly or
/// through recording rules) moves only as fast as the window fills with samples taken after the change.
/// </summary>
/// <remarks>
/// <para><see cref="MinSeconds"/> assumes the fastest input the metric allows: a share (a name with
/// <c>ratio</c>: CPU share, error ratio) jumping from 0 to 1 averages past threshold θ after θ·W; a
/// quantile φ over the window passes its threshold once a share 1−φ of the window's requests are slow;
/// an unbounded rate can cross with one burst (0). <see cref="MaxSeconds"/> is the window itself: once it
/// holds only samples taken after the change, the expression has its fault value.</para>
/// <para>Only the first comparison is modelled (the later <c>and</c> clauses of our rules require
/// traffic that the steady load already provides); an expression with <c>or</c> is not modelled and
/// gets 0 as its lower bound, which is always true.</para>
/// </remarks>
public sealed partial record ThresholdCrossing(double WindowSeconds, double MinSeconds, double MaxSeconds, bool ReadsRecordingRule, string Why)
{
    public static readonly ThresholdCrossing Instant = new(0, 0, 0, false, "no range window: the expression follows the last sample");

    /// <param name="expr">The alert's expression.</param>
    /// <param name="recordingRules">Every recording rule's expressions by its name (one name may be recorded several times).</param>
    public static ThresholdCrossing Of(string expr, IReadOnlyDictionary<string, IReadOnlyList<string>> recordingRules)
    {
        ArgumentNullException.ThrowIfNull(expr);
        ArgumentNullException.ThrowIfNull(recordingRules);
        var direct = RecordsReadBy(expr, recordingRules);
        var chain = Expand(expr, recordingRules);
        var window = RangeSelector().Matches(chain).Select(m => Durations.Parse(m.Groups[1].Value).TotalSeconds).DefaultIfEmpty(0).Max();
        if (window == 0)
        {
            return Instant with { ReadsRecordingRule = direct.Count > 0 };
        }
        var w = window.ToString("0.#", CultureInfo.InvariantCulture);
        if (ChangeFunction().IsMatch(chain) && !OverWindow().IsMatch(chain))
        {
            return new(window, 0, 0, direct.Count > 0, $"resets()/changes() over {w} s: one sample after the change crosses");
        }
        if (Or().IsMatch(expr))
        {
            return new(window, 0, window, direct.Count > 0, $"several conditions ('or') over windows up to {w} s: not modelled, lower bound 0");
        }
        var comparison = Comparison().Match(expr);
        if (!comparison.Success)
        {
            return new(window, 0, window, direct.Count > 0, $"window {w} s, no '> threshold' comparison: lower bound 0");
        }
        var threshold = double.Parse(comparison.Groups["threshold"].Value, CultureInfo.InvariantCulture);
        var compared = comparison.Groups["lhs"].Value;
        var comparedChain = Expand(compared, recordingRules);
        var quantiles = Quantile().Matches(comparedChain).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
        if (quantiles.Length > 0)
        {
            var q = quantiles.Max();
            var share = 1 - q;
            return new(window, share * window, window, direct.Count > 0,
                string.Create(CultureInfo.InvariantCulture, $"quantile {q} over {w} s passes its threshold once {share * 100:0.#} % of the window's requests are slow"));
        }
        if (compared.Contains("ratio", StringComparison.Ordinal) && threshold is > 0 and < 1)
        {
            return new(window, threshold * window, window, direct.Count > 0,
                string.Create(CultureInfo.InvariantCulture, $"a share (0..1) over {w} s passes {threshold} once {threshold * 100:0.#} % of the window is at the fault's maximum"));
        }
        return new(window, 0, window, direct.Count > 0, $"a rate over {w} s can cross with one burst; at the latest when the window is full");
    }

    private static List<string> RecordsReadBy(string expr, IReadOnlyDictionary<string, IReadOnlyList<string>> recordingRules) =>
        Identifier().Matches(expr).Select(m => m.Value).Where(recordingRules.ContainsKey).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The expression with the text of every recording rule it reads, transitively, appended.</summary>
    private static string Expand(string expr, IReadOnlyDictionary<string, IReadOnlyList<string>> recordingRules)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([expr]);
        var text = new List<string>();
        while (pending.Count > 0)
        {
            var next = pending.Dequeue();
            text.Add(next);
            foreach (var name in RecordsReadBy(next, recordingRules).Where(seen.Add))
            {
                foreach (var definition in recordingRules[name])
                {
                    pending.Enqueue(definition);
                }
            }
        }
        return string.Join("\n", text);
    }

    [GeneratedRegex(@"\[\s*((?:\d+(?:ms|[smhdwy]))+)\s*(?::[^\]]*)?\]")]
    private static partial Regex RangeSelector();

    [GeneratedRegex(@"[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\b(resets|changes)\s*\(")]
    private static partial Regex ChangeFunction();

    // Any window function other than resets/changes makes the expression move with the window.
    [GeneratedRegex(@"\b(rate|irate|increase|delta|idelta|deriv|\w+_over_time)\s*\(")]
    private static partial Regex OverWindow();

    [GeneratedRegex(@"\bor\b")]
    private static partial Regex Or();

    // The first "> number" (not "> (a * b)"): the threshold the alert is about.
    [GeneratedRegex(@"^(?<lhs>[\s\S]*?)>\s*(?<threshold>\d+(?:\.\d+)?)(?![\d.])(?!\s*\*)")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"histogram_quantile\s*\(\s*(\d+(?:\.\d+)?)")]
    private static partial Regex Quantile();
}
