using YamlDotNet.RepresentationModel;

namespace MonitoringStack.Deploy;

/// <summary>Small builders for YAML nodes and one way to print them, so every generated file looks alike.</summary>
internal static class YamlText
{
    public static string Print(YamlNode root)
    {
        var writer = new StringWriter { NewLine = "\n" };
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        // YamlStream ends a document with "...": valid YAML, but noise in files people read.
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    public static YamlMappingNode Map(params (string Key, YamlNode Value)[] entries)
    {
        var map = new YamlMappingNode();
        foreach (var (key, value) in entries)
        {
            map.Add(key, value);
        }
        return map;
    }

    public static YamlSequenceNode Seq(params YamlNode[] items) => new(items);

    public static YamlScalarNode S(string value) => new(value);

    /// <summary>A whole number, written the same whatever the machine's culture.</summary>
    public static YamlScalarNode N(int value) => new(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A scalar that must stay a string (regexes, "true", numbers as text).</summary>
    public static YamlScalarNode Quoted(string value) => new(value) { Style = YamlDotNet.Core.ScalarStyle.SingleQuoted };
}
