using System.Globalization;
using System.Text;

namespace MonitoringStack.Load.Engine;

/// <summary>A string with <c>${name:lo-hi}</c> and <c>${name:a|b}</c> placeholders, parsed once and rendered per request.</summary>
public sealed class RequestTemplate
{
    private readonly Part[] _parts;

    private RequestTemplate(Part[] parts, string label)
    {
        _parts = parts;
        Label = label;
    }

    /// <summary>The template with each placeholder shown as <c>{name}</c>.</summary>
    public string Label { get; }

    public bool IsConstant => _parts.All(p => p.Kind == PartKind.Literal);

    /// <exception cref="FormatException">A placeholder is malformed; the message says which and why.</exception>
    public static RequestTemplate Parse(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var parts = new List<Part>();
        var label = new StringBuilder();
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf("${", position, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(Part.Literal(template[position..]));
                label.Append(template, position, template.Length - position);
                break;
            }
            if (open > position)
            {
                parts.Add(Part.Literal(template[position..open]));
                label.Append(template, position, open - position);
            }
            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                throw new FormatException($"placeholder at character {open + 1} is not closed with '}}'");
            }
            var placeholder = ParsePlaceholder(template[(open + 2)..close]);
            parts.Add(placeholder);
            label.Append('{').Append(placeholder.Name).Append('}');
            position = close + 1;
        }
        return new RequestTemplate([.. parts], label.ToString());
    }

    public string Render()
    {
        if (_parts.Length == 1)
        {
            return _parts[0].Render();
        }
        var builder = new StringBuilder(64);
        foreach (var part in _parts)
        {
            builder.Append(part.Render());
        }
        return builder.ToString();
    }

    private static Part ParsePlaceholder(string content)
    {
        var colon = content.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new FormatException($"placeholder '${{{content}}}' needs the form ${{name:1-100}} or ${{name:a|b|c}}");
        }
        var name = content[..colon].Trim();
        var spec = content[(colon + 1)..].Trim();
        if (spec.Contains('|', StringComparison.Ordinal))
        {
            var choices = spec.Split('|', StringSplitOptions.TrimEntries);
            if (choices.Any(string.IsNullOrEmpty))
            {
                throw new FormatException($"placeholder '{name}' has an empty choice");
            }
            return Part.Choice(name, choices);
        }
        var dash = spec.IndexOf('-', 1);
        if (dash > 0
            && long.TryParse(spec[..dash], NumberStyles.Integer, CultureInfo.InvariantCulture, out var low)
            && long.TryParse(spec[(dash + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var high))
        {
            if (high < low)
            {
                throw new FormatException($"placeholder '{name}' range {low}-{high} is empty");
            }
            return Part.Range(name, low, high);
        }
        throw new FormatException($"placeholder '{name}' must be a range like 1-1000 or choices like a|b, got '{spec}'");
    }

    private enum PartKind { Literal, Range, Choice }

    private sealed record Part(PartKind Kind, string Name, string Text, long Low, long High, string[] Choices)
    {
        public static Part Literal(string text) => new(PartKind.Literal, "", text, 0, 0, []);
        public static Part Range(string name, long low, long high) => new(PartKind.Range, name, "", low, high, []);
        public static Part Choice(string name, string[] choices) => new(PartKind.Choice, name, "", 0, 0, choices);

        public string Render() => Kind switch
        {
            PartKind.Literal => Text,
            PartKind.Range => Random.Shared.NextInt64(Low, High + 1).ToString(CultureInfo.InvariantCulture),
            _ => Choices[Random.Shared.Next(Choices.Length)],
        };
    }
}
