using System.Text.Json;
using MonitoringStack.Lab.Supervision;

namespace MonitoringStack.Lab.Faults;

/// <summary>
/// Process-level faults the experiments call: kill -9, pause/resume, partition/heal. Every fault is
/// recorded with its time (in memory and in faults.jsonl) so MTTR and detection time can be measured
/// from it. Faults apply to any supervised resource; partitions need the resource's port.
/// </summary>
public sealed class FaultInjector(
    string stackId,
    Func<string, SupervisedProcess?> findResource,
    Func<string, int?> findPort,
    string? jsonlPath)
{
    private readonly List<FaultRecord> _history = [];
    private readonly HashSet<string> _partitioned = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public IReadOnlyList<FaultRecord> History
    {
        get
        {
            lock (_gate)
            {
                return [.. _history];
            }
        }
    }

    public event Action<FaultRecord>? Injected;

    public FaultRecord Apply(FaultKind kind, string target) => kind switch
    {
        FaultKind.Kill => Kill(target),
        FaultKind.Pause => Pause(target),
        FaultKind.Resume => Resume(target),
        FaultKind.Partition => Partition(target),
        FaultKind.Heal => Heal(target),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>SIGKILL to the whole process group, as an OOM killer or a crash would.</summary>
    public FaultRecord Kill(string target)
    {
        var process = Require(target);
        var pid = process.Pid;
        if (!process.Signal(Posix.SIGKILL))
        {
            throw new LabException($"{target} has no running process to kill");
        }
        return Record(FaultKind.Kill, target, pid, "SIGKILL to the process group");
    }

    public FaultRecord Pause(string target)
    {
        var process = Require(target);
        if (!process.Signal(Posix.SIGSTOP))
        {
            throw new LabException($"{target} has no running process to pause");
        }
        return Record(FaultKind.Pause, target, process.Pid, "SIGSTOP");
    }

    public FaultRecord Resume(string target)
    {
        var process = Require(target);
        if (!process.Signal(Posix.SIGCONT))
        {
            throw new LabException($"{target} has no running process to resume");
        }
        return Record(FaultKind.Resume, target, process.Pid, "SIGCONT");
    }

    public FaultRecord Partition(string target)
    {
        var process = Require(target);
        var port = findPort(target) ?? throw new LabException($"{target} has no port to cut off");
        NetworkPartition.Cut(stackId, target, port);
        lock (_gate)
        {
            _partitioned.Add(target);
        }
        return Record(FaultKind.Partition, target, process.Pid,
            $"iptables DROP tcp to/from 127.0.0.1:{port} (comment {NetworkPartition.Tag(stackId, target)})");
    }

    public FaultRecord Heal(string target)
    {
        var removed = NetworkPartition.Heal(stackId, target);
        lock (_gate)
        {
            _partitioned.Remove(target);
        }
        return Record(FaultKind.Heal, target, findResource(target)?.Pid, $"removed {removed.Count} iptables rule(s)");
    }

    /// <summary>Undoes every partition and pause (shutdown): no rule and no stopped process stays behind.</summary>
    public void UndoAll(IEnumerable<SupervisedProcess> resources)
    {
        foreach (var process in resources.Where(p => p.State == ResourceState.Paused))
        {
            process.Signal(Posix.SIGCONT);
        }
        NetworkPartition.RemoveRules(stackId);
        lock (_gate)
        {
            _partitioned.Clear();
        }
    }

    private SupervisedProcess Require(string target) =>
        findResource(target) ?? throw new LabException($"no resource named '{target}'");

    private FaultRecord Record(FaultKind kind, string target, int? pid, string detail)
    {
        var record = new FaultRecord(DateTimeOffset.UtcNow, kind, target, pid, detail);
        lock (_gate)
        {
            _history.Add(record);
            if (jsonlPath is not null)
            {
                File.AppendAllText(jsonlPath, JsonSerializer.Serialize(record, LabJson.Lines) + "\n");
            }
        }
        Injected?.Invoke(record);
        return record;
    }
}
