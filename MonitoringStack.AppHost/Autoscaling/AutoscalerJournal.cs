using System.Text.Json;
using System.Text.Json.Serialization;

namespace MonitoringStack.AppHost.Autoscaling;

/// <summary>
/// Every decision of the autoscaler, one JSON line each, in the AppHost's journal folder beside
/// restarts.jsonl and scaling.jsonl and in their format (web JSON, camelCase enums): what the spike
/// experiment reads to plot the replicas it asked for, and why, against what it measured.
/// </summary>
public sealed class AutoscalerJournal(StackSettings stack)
{
    public const string File = "autoscaling.jsonl";

    private static readonly JsonSerializerOptions Lines = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
    private readonly Lock _gate = new();

    public string Path => System.IO.Path.Combine(stack.JournalDirectory, File);

    public void Append(AutoscalerDecision decision)
    {
        var line = JsonSerializer.Serialize(decision, Lines) + "\n";
        lock (_gate)
        {
            Directory.CreateDirectory(stack.JournalDirectory);
            // Appended and closed per decision, so a crash of the AppHost loses nothing written.
            using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            using var writer = new StreamWriter(stream);
            writer.Write(line);
        }
    }
}
