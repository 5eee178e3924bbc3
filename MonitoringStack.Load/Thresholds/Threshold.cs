using System.Globalization;
using System.Text.RegularExpressions;
using MonitoringStack.Load.Engine;

namespace MonitoringStack.Load.Thresholds;

/// <summary>
/// A pass/fail rule on the run's totals, e.g. <c>p99&lt;200ms</c>, <c>errors&lt;0.1%</c>, <c>rate&gt;=95%</c>.
/// Any failed threshold makes the command exit non-zero.
/// </summary>
/// <remarks>
/// Metrics: <c>p50 p90 p99 p99.9 max mean</c> (latency; units <c>us ms s</c>, default ms),
/// <c>errors</c> (share of finished requests; <c>%</c> or a fraction), <c>dropped</c> (share of scheduled
/// arrivals, or a count without unit), <c>rate</c> (sent ÷ scheduled in <c>%</c>, or requests/s with
/// <c>rps</c>), <c>throughput</c> (answered requests/s).
/// </remarks>
public sealed partial record Threshold(string Expression, ThresholdMetric Metric, string Operator, double Limit, string Unit)
{
    [GeneratedRegex(@"^\s*(?<metric>[a-z][a-z0-9.]*)\s*(?<op><=|>=|<|>|==)\s*(?<value>[0-9]+(\.[0-9]+)?)\s*(?<unit>us|ms|s|%|rps)?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    /// <exception cref="FormatException">The message says what is wrong and what is accepted.</exception>
    public static Threshold Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var match = Grammar().Match(expression);
        if (!match.Success)
        {
            throw new FormatException($"threshold '{expression}' must look like 'p99<200ms', 'errors<0.1%' or 'rate>=95%'");
        }
        var name = match.Groups["metric"].Value.ToLowerInvariant();
        var unit = match.Groups["unit"].Value.ToLowerInvariant();
        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        var metric = name switch
        {
            "p50" => ThresholdMetric.P50,
            "p90" => ThresholdMetric.P90,
            "p99" => ThresholdMetric.P99,
            "p99.9" or "p999" => ThresholdMetric.P999,
            "max" => ThresholdMetric.Max,
            "mean" or "avg" => ThresholdMetric.Mean,
            "errors" or "error_rate" => ThresholdMetric.Errors,
            "dropped" => ThresholdMetric.Dropped,
            "rate" => ThresholdMetric.Rate,
            "throughput" => ThresholdMetric.Throughput,
            _ => throw new FormatException($"threshold '{expression}': unknown metric '{name}' (use p50, p90, p99, p99.9, max, mean, errors, dropped, rate, throughput)"),
        };
        var allowed = metric switch
        {
            ThresholdMetric.Errors => new[] { "%", "" },
            ThresholdMetric.Dropped => ["%", ""],
            ThresholdMetric.Rate => ["%", "rps"],
            ThresholdMetric.Throughput => ["rps", ""],
            _ => ["us", "ms", "s", ""],
        };
        if (!allowed.Contains(unit))
        {
            throw new FormatException($"threshold '{expression}': unit '{unit}' does not fit '{name}' (allowed: {string.Join(", ", allowed.Select(a => a.Length == 0 ? "none" : a))})");
        }
        if (metric == ThresholdMetric.Rate && unit.Length == 0)
        {
            unit = "%";
        }
        return new Threshold(expression.Trim(), metric, match.Groups["op"].Value, value, unit);
    }

    public ThresholdResult Evaluate(PhaseResult total)
    {
        ArgumentNullException.ThrowIfNull(total);
        var actual = Actual(total);
        if (actual is null)
        {
            return new ThresholdResult(Expression, double.NaN, "n/a (no arrival-rate phase)", Passed: false);
        }
        var passed = Operator switch
        {
            "<" => actual < Limit,
            "<=" => actual <= Limit,
            ">" => actual > Limit,
            ">=" => actual >= Limit,
            _ => Math.Abs(actual.Value - Limit) < 1e-9,
        };
        return new ThresholdResult(Expression, actual.Value, $"{actual.Value.ToString("0.###", CultureInfo.InvariantCulture)}{Unit}", passed);
    }

    /// <summary>The run's value in this threshold's unit; null when it does not apply.</summary>
    private double? Actual(PhaseResult total)
    {
        double Latency(double milliseconds) => Unit switch
        {
            "us" => milliseconds * 1000,
            "s" => milliseconds / 1000,
            _ => milliseconds,
        };
        return Metric switch
        {
            ThresholdMetric.P50 => Latency(total.Latency.P50Ms),
            ThresholdMetric.P90 => Latency(total.Latency.P90Ms),
            ThresholdMetric.P99 => Latency(total.Latency.P99Ms),
            ThresholdMetric.P999 => Latency(total.Latency.P999Ms),
            ThresholdMetric.Max => Latency(total.Latency.MaxMs),
            ThresholdMetric.Mean => Latency(total.Latency.MeanMs),
            ThresholdMetric.Errors => Unit == "%" ? total.ErrorRate * 100 : total.ErrorRate,
            ThresholdMetric.Dropped => Unit == "%"
                ? (total.Scheduled is > 0 ? 100.0 * total.Dropped / total.Scheduled.Value : 0)
                : total.Dropped,
            ThresholdMetric.Rate => Unit == "rps"
                ? total.SentRate
                : total.Scheduled is > 0 ? 100.0 * total.Sent / total.Scheduled.Value : null,
            _ => total.Throughput,
        };
    }
}

public enum ThresholdMetric { P50, P90, P99, P999, Max, Mean, Errors, Dropped, Rate, Throughput }

/// <summary>How a threshold came out: the measured value in the threshold's unit and whether it passed.</summary>
public sealed record ThresholdResult(string Expression, double Actual, string ActualText, bool Passed);
