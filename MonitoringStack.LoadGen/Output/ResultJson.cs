using System.Text.Json;
using System.Text.Json.Serialization;
using MonitoringStack.Load.Engine;

namespace MonitoringStack.LoadGen.Output;

/// <summary>The machine-readable result: camelCase JSON of <see cref="LoadResult"/>.</summary>
public static class ResultJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(LoadResult result) => JsonSerializer.Serialize(result, Options);

    public static async Task WriteAsync(LoadResult result, string path, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, result, Options, cancellationToken);
    }

    /// <summary>Reads a result file back (reports, the tests).</summary>
    public static LoadResult Read(string json) =>
        JsonSerializer.Deserialize<LoadResult>(json, Options) ?? throw new JsonException("empty load result");
}
