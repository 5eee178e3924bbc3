using System.Globalization;
using MonitoringStack.Experiments.Compare;

namespace MonitoringStack.AppHost.Experiments;

/// <summary>
/// The comparison's own options, taken out of the arguments before the stack's settings are checked:
/// <c>--alpha &lt;α&gt;</c>, <c>--min-difference &lt;kind&gt;=&lt;amount&gt;</c> (repeatable; kinds as in
/// docs/experiments.md) and, after <c>experiment run</c> or <c>demo</c>, <c>--baseline &lt;run&gt;</c>.
/// Each takes its value as the next argument or after '='.
/// </summary>
public sealed record CompareOptions(CompareSettings Settings, string? Baseline)
{
    /// <exception cref="StackInputException">A value missing or out of range, an unknown figure kind, or --baseline where it means nothing.</exception>
    public static (CompareOptions Options, string[] Others) Extract(string verb, string[] args, bool baselineAllowed)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new CompareSettings();
        var minimums = new Dictionary<string, MinimumDifference>(StringComparer.Ordinal);
        string? baseline = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            if (name is not ("--alpha" or "--min-difference" or "--baseline"))
            {
                rest.Add(args[i]);
                continue;
            }
            if (name == "--baseline" && !baselineAllowed)
            {
                throw new StackInputException($"--baseline goes after 'experiment run' or 'demo'; '{verb}' compares the two runs it is given. {ExperimentCommandLine.Usage}");
            }
            var value = inlineValue ?? (i + 1 < args.Length ? args[++i] : throw new StackInputException($"option '{name}' needs a value: {name}=<value>"));
            switch (name)
            {
                case "--alpha":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var alpha) || alpha is <= 0 or >= 1)
                    {
                        throw new StackInputException($"--alpha must be between 0 and 1 exclusive (the family-wise false-alarm rate, e.g. 0.05), not '{value}'");
                    }
                    settings = settings with { Alpha = alpha };
                    break;
                case "--min-difference":
                    minimums[Kind(value)] = Minimum(value);
                    break;
                default:
                    baseline = CheckedBaseline(value);
                    break;
            }
        }
        return (new CompareOptions(settings with { MinimumDifferences = minimums }, baseline), [.. rest]);
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    private static string Kind(string value)
    {
        var kind = value.Split('=', 2)[0];
        return FigureKind.All.Any(k => k.Id == kind)
            ? kind
            : throw new StackInputException($"--min-difference takes <kind>=<amount>, kind one of {string.Join(", ", FigureKind.All.Select(k => k.Id))}; not '{value}'");
    }

    private static MinimumDifference Minimum(string value)
    {
        var parts = value.Split('=', 2);
        try
        {
            return parts.Length == 2 ? MinimumDifference.Parse(parts[1]) : throw new FormatException($"'{value}' has no amount");
        }
        catch (FormatException ex)
        {
            throw new StackInputException($"--min-difference {value}: {ex.Message}", ex);
        }
    }

    // Checked before the stack starts: a run that cannot be compared should not cost a suite first.
    private static string CheckedBaseline(string run)
    {
        try
        {
            ResultsFile.Load(run);
            return Path.GetFullPath(run);
        }
        catch (CompareInputException ex)
        {
            throw new StackInputException("--baseline: " + ex.Message, ex);
        }
    }
}
