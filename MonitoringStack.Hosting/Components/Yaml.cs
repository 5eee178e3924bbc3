using YamlDotNet.Serialization;

namespace MonitoringStack.Hosting;

/// <summary>The one YAML writer of the rendered configurations (dictionaries and lists in, block YAML out).</summary>
internal static class Yaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder().DisableAliases().Build();

    public static string Serialize(object document) => Serializer.Serialize(document);
}
