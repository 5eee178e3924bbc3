using System.Text.Json;

namespace MonitoringStack.Lab.Supervision;

/// <summary>Every restart, in memory (for the experiments) and appended to restarts.jsonl (for people).</summary>
public sealed class RestartLog(string? jsonlPath)
{
    private readonly List<RestartRecord> _records = [];
    private readonly Lock _gate = new();

    public event Action<RestartRecord>? Recorded;

    public IReadOnlyList<RestartRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    public void Add(RestartRecord record)
    {
        lock (_gate)
        {
            _records.Add(record);
            if (jsonlPath is not null)
            {
                File.AppendAllText(jsonlPath, JsonSerializer.Serialize(record, LabJson.Lines) + "\n");
            }
        }
        Recorded?.Invoke(record);
    }
}
