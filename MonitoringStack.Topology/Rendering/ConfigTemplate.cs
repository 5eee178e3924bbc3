using System.Text;
using System.Text.RegularExpressions;

namespace MonitoringStack.Topology.Rendering;

/// <summary>
/// The small template language of the files under config/ (Scriban, the usual choice, is not on the
/// package mirror, and the files must stay readable as the configs users edit):
/// <list type="bullet">
/// <item><c>${name}</c> is replaced by a value; an unknown name is an error (no silent blanks).</item>
/// <item>A line holding a per-item placeholder (e.g. <c>${replica_address}</c>) is repeated once per item.</item>
/// <item>Lines between <c># @if section</c> and <c># @end</c> are kept only when the section is enabled.</item>
/// <item>Comment lines (first non-blank character <c>#</c>) are copied as they are, so they may mention
/// <c>${...}</c>; <c>{{ ... }}</c> (Go templates of Prometheus/Alertmanager) and nginx's <c>$var</c> are left alone.</item>
/// </list>
/// </summary>
public static partial class ConfigTemplate
{
    [GeneratedRegex(@"\$\{([a-z_]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\s*#\s*@if\s+([a-z_]+)\s*$")]
    private static partial Regex IfMarker();

    [GeneratedRegex(@"^\s*#\s*@end\s*$")]
    private static partial Regex EndMarker();

    public static string Render(
        string template,
        string sourceName,
        IReadOnlyDictionary<string, string> values,
        IReadOnlySet<string>? enabledSections = null,
        IReadOnlyList<IReadOnlyDictionary<string, string>>? repeatedItems = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var output = new StringBuilder(template.Length);
        var lines = template.ReplaceLineEndings("\n").Split('\n');
        var skipping = false;
        string? openSection = null;
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1];
            var ifMatch = IfMarker().Match(line);
            if (ifMatch.Success)
            {
                if (openSection is not null)
                {
                    throw Error(sourceName, number, $"'@if {ifMatch.Groups[1].Value}' inside '@if {openSection}' (sections do not nest)");
                }
                openSection = ifMatch.Groups[1].Value;
                skipping = enabledSections is null || !enabledSections.Contains(openSection);
                continue;
            }
            if (EndMarker().IsMatch(line))
            {
                if (openSection is null)
                {
                    throw Error(sourceName, number, "'@end' without '@if'");
                }
                openSection = null;
                skipping = false;
                continue;
            }
            if (skipping)
            {
                continue;
            }
            if (line.TrimStart().StartsWith('#'))
            {
                output.Append(line).Append('\n');
                continue;
            }
            var names = Placeholder().Matches(line).Select(m => m.Groups[1].Value).ToArray();
            var repeated = repeatedItems is { Count: > 0 } && names.Any(n => repeatedItems[0].ContainsKey(n));
            if (repeated)
            {
                foreach (var item in repeatedItems!)
                {
                    output.Append(Substitute(line, sourceName, number, values, item)).Append('\n');
                }
            }
            else
            {
                output.Append(Substitute(line, sourceName, number, values, null)).Append('\n');
            }
        }
        if (openSection is not null)
        {
            throw Error(sourceName, lines.Length, $"'@if {openSection}' is never closed with '@end'");
        }
        // Split leaves one empty element after a final newline; do not add a second one.
        return template.EndsWith('\n') ? output.ToString(0, output.Length - 1) : output.ToString().TrimEnd('\n');
    }

    private static string Substitute(string line, string sourceName, int number,
        IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string>? item) =>
        Placeholder().Replace(line, match =>
        {
            var name = match.Groups[1].Value;
            if (item is not null && item.TryGetValue(name, out var itemValue))
            {
                return itemValue;
            }
            if (values.TryGetValue(name, out var value))
            {
                return value;
            }
            throw Error(sourceName, number, $"unknown placeholder ${{{name}}}");
        });

    private static InvalidOperationException Error(string sourceName, int line, string message) =>
        new($"{sourceName}:{line}: {message}");
}
