using System.Text.Json;
using System.Text.Json.Serialization;

namespace MonitoringStack.Lab;

/// <summary>JSON settings shared by every file and endpoint of the Lab.</summary>
internal static class LabJson
{
    /// <summary>One compact object per line (restarts.jsonl, faults.jsonl, alerts.jsonl).</summary>
    public static readonly JsonSerializerOptions Lines = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static readonly JsonSerializerOptions Indented = new(Lines) { WriteIndented = true };
}
