using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace MonitoringStack.LoadGen.Profiles;

/// <summary>
/// Typed reads from a YAML mapping that fail with a <see cref="ProfileException"/> naming the line,
/// column and field path. Unknown keys are errors too: a typo such as <c>rat: 100</c> must not be ignored.
/// </summary>
internal sealed class YamlFields
{
    private readonly string _source;
    private readonly YamlMappingNode _map;

    public YamlFields(string source, YamlNode node, string path, params string[] knownKeys)
    {
        _source = source;
        Path = path;
        _map = node as YamlMappingNode ?? throw Error(node, path, $"expected a mapping (key: value lines), got {Describe(node)}");
        foreach (var key in _map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!knownKeys.Contains(name, StringComparer.Ordinal))
            {
                throw Error(key, Field(name), $"unknown field '{name}' (known: {string.Join(", ", knownKeys)})");
            }
        }
    }

    public string Path { get; }

    public YamlNode Node => _map;

    public bool Has(string key) => _map.Children.ContainsKey(new YamlScalarNode(key));

    public YamlNode? Get(string key) => _map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public string Field(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public ProfileException Error(YamlNode node, string field, string problem) =>
        new(_source, (int)node.Start.Line, (int)node.Start.Column, field, problem);

    public ProfileException Missing(string key, string problem) => Error(_map, Field(key), problem);

    public string? String(string key)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }
        return node is YamlScalarNode scalar
            ? scalar.Value
            : throw Error(node, Field(key), $"expected text, got {Describe(node)}");
    }

    public double? Number(string key, double min = double.MinValue)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw Error(Get(key)!, Field(key), $"expected a number, got '{text}'");
        }
        return value >= min ? value : throw Error(Get(key)!, Field(key), $"must be at least {min.ToString(CultureInfo.InvariantCulture)}, got {text}");
    }

    public int? Integer(string key, int min)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw Error(Get(key)!, Field(key), $"expected a whole number, got '{text}'");
        }
        return value >= min ? value : throw Error(Get(key)!, Field(key), $"must be at least {min}, got {value}");
    }

    public TimeSpan? Duration(string key, bool allowZero = false)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }
        if (!DurationText.TryParse(text, out var value))
        {
            throw Error(Get(key)!, Field(key), $"expected a duration such as 500ms, 30s or 2m, got '{text}'");
        }
        return value > TimeSpan.Zero || (allowZero && value == TimeSpan.Zero)
            ? value
            : throw Error(Get(key)!, Field(key), $"must be longer than zero, got '{text}'");
    }

    public IReadOnlyList<YamlNode> Sequence(string key)
    {
        var node = Get(key);
        return node switch
        {
            null => [],
            YamlSequenceNode sequence => sequence.Children.ToArray(),
            _ => throw Error(node, Field(key), $"expected a list (lines starting with '- '), got {Describe(node)}"),
        };
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode scalar => $"'{scalar.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => node.NodeType.ToString(),
    };
}
