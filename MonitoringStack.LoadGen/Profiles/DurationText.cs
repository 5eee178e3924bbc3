using System.Globalization;
using System.Text.RegularExpressions;

namespace MonitoringStack.LoadGen.Profiles;

/// <summary>Durations as people write them in load profiles: <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1m30s</c>, <c>1h</c>.</summary>
public static partial class DurationText
{
    [GeneratedRegex(@"(?<value>[0-9]+(\.[0-9]+)?)(?<unit>ms|us|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var compact = text.Replace(" ", "", StringComparison.Ordinal);
        var matches = Part().Matches(compact);
        if (matches.Count == 0 || matches.Sum(m => m.Length) != compact.Length)
        {
            return false;
        }
        foreach (Match match in matches)
        {
            var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            duration += match.Groups["unit"].Value switch
            {
                "us" => TimeSpan.FromMicroseconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromHours(value),
            };
        }
        return true;
    }

    /// <exception cref="FormatException">Not a duration.</exception>
    public static TimeSpan Parse(string text) => TryParse(text, out var duration)
        ? duration
        : throw new FormatException($"'{text}' is not a duration (use e.g. 500ms, 30s, 2m, 1m30s)");
}
