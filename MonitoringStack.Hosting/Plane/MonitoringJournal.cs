using System.Text.Json;
using System.Text.Json.Serialization;

namespace MonitoringStack.Hosting;

/// <summary>
/// A replica the AppHost started again after its process exited on its own: when it exited, when the
/// start was issued, and when it answered /health again (null if it did not within a minute).
/// </summary>
public sealed record RestartRecord(DateTimeOffset ExitedAt, DateTimeOffset RestartedAt, string Resource, int? ExitCode, string Reason, int Attempt, double BackoffSeconds, DateTimeOffset? ReadyAt = null);

/// <summary>A fault injected through a resource command (or its undo).</summary>
public sealed record FaultRecord(DateTimeOffset At, string Kind, string Target, int? Pid, string Detail);

/// <summary>
/// A change of the number of running replicas of a set. <paramref name="ReplicaSet"/> is null in lines written
/// before the set was recorded; <paramref name="Joined"/>, a scale-up's new replicas in the order they joined,
/// is null for a scale-down and in lines written before joins were recorded.
/// </summary>
public sealed record ScalingRecord(DateTimeOffset RequestedAt, int From, int To, DateTimeOffset CompletedAt, string? ReplicaSet = null, IReadOnlyList<ReplicaJoin>? Joined = null);

/// <summary>A new replica of a scale-up serving: healthy, in Prometheus' targets and in nginx's upstream after its reload.</summary>
public sealed record ReplicaJoin(string Replica, DateTimeOffset JoinedAt);

/// <summary>
/// What the orchestration did, one JSON line per event in <c>&lt;state&gt;/journal/</c> (restarts.jsonl,
/// faults.jsonl, scaling.jsonl): experiments and tests read these files, people read the same lines in
/// the dashboard's logs. Appended and flushed per event, so a crash of the AppHost loses nothing written.
/// </summary>
public sealed class MonitoringJournal(string directory)
{
    public const string RestartsFile = "restarts.jsonl";
    public const string FaultsFile = "faults.jsonl";
    public const string ScalingFile = "scaling.jsonl";

    private static readonly JsonSerializerOptions Lines = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
    private readonly Lock _gate = new();

    public string Directory { get; } = directory;

    public void Restarted(RestartRecord record) => Append(RestartsFile, record);
    public void Faulted(FaultRecord record) => Append(FaultsFile, record);
    public void Scaled(ScalingRecord record) => Append(ScalingFile, record);

    public IReadOnlyList<T> Read<T>(string file)
    {
        var path = Path.Combine(Directory, file);
        lock (_gate)
        {
            return File.Exists(path)
                ? File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<T>(l, Lines)!).ToArray()
                : [];
        }
    }

    private void Append<T>(string file, T record)
    {
        var line = JsonSerializer.Serialize(record, Lines) + "\n";
        lock (_gate)
        {
            System.IO.Directory.CreateDirectory(Directory);
            using var stream = new FileStream(Path.Combine(Directory, file), FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            using var writer = new StreamWriter(stream);
            writer.Write(line);
        }
    }
}
