using System.Text.Json.Serialization;

namespace MonitoringStack.Topology.Rendering;

/// <summary>One entry of a Prometheus file_sd JSON file.</summary>
internal sealed record FileSdTargetGroup(
    [property: JsonPropertyName("targets")] IReadOnlyList<string> Targets,
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels);

[JsonSerializable(typeof(FileSdTargetGroup[]))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class FileSdJson : JsonSerializerContext;
