using System.Text.Json;
using MonitoringStack.Lab.Faults;
using MonitoringStack.Lab.Supervision;

namespace MonitoringStack.Lab.Stack;

/// <summary>What <c>lab.json</c> in the state folder records about a running Lab.</summary>
public sealed record RegistryEntry(int Pid, long StartTicks);

public sealed record RegistryContent
{
    public RegistryEntry? Lab { get; init; }
    public int ControlPort { get; init; }
    public string? RunDirectory { get; init; }
    public Dictionary<string, RegistryEntry> Processes { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>
/// The pid file of the whole stack. Written on every process start, so that after a crash of the Lab
/// the next start (or <c>down</c>) finds and stops what was left running. Each pid is stored with its
/// start time so a pid reused by an unrelated process is never killed.
/// </summary>
public sealed class ProcessRegistry(StateFolder state)
{
    private readonly Lock _gate = new();
    private RegistryContent _content = new();

    public static RegistryContent? Read(StateFolder state)
    {
        try
        {
            return File.Exists(state.RegistryFile)
                ? JsonSerializer.Deserialize<RegistryContent>(File.ReadAllText(state.RegistryFile), LabJson.Indented)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The Lab that owns the registry, when it is still alive.</summary>
    public static RegistryEntry? LiveLab(RegistryContent content) =>
        content.Lab is { } lab && lab.Pid != Environment.ProcessId && ProcFs.StartTicks(lab.Pid) == lab.StartTicks ? lab : null;

    public void Claim(int controlPort, string runDirectory)
    {
        var self = Environment.ProcessId;
        lock (_gate)
        {
            _content = new RegistryContent
            {
                Lab = new RegistryEntry(self, ProcFs.StartTicks(self) ?? 0),
                ControlPort = controlPort,
                RunDirectory = runDirectory,
            };
            Save();
        }
    }

    public void Track(SupervisedProcess process)
    {
        if (process.Pid is not { } pid)
        {
            return;
        }
        lock (_gate)
        {
            _content.Processes[process.Name] = new RegistryEntry(pid, ProcFs.StartTicks(pid) ?? 0);
            Save();
        }
    }

    public void Forget(string name)
    {
        lock (_gate)
        {
            _content.Processes.Remove(name);
            Save();
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            File.Delete(state.RegistryFile);
        }
    }

    /// <summary>
    /// Stops whatever a previous Lab with this state folder left behind (processes and iptables rules)
    /// and returns what it did, one line per item. Throws when that Lab is still running.
    /// </summary>
    public static IReadOnlyList<string> CleanLeftovers(StateFolder state)
    {
        var done = new List<string>();
        if (Read(state) is { } previous)
        {
            if (LiveLab(previous) is { } lab)
            {
                throw new LabException(
                    $"a Lab is already running with state folder {state.Root} (pid {lab.Pid}); stop it with 'down' first");
            }
            foreach (var (name, entry) in previous.Processes)
            {
                if (ProcFs.StartTicks(entry.Pid) == entry.StartTicks)
                {
                    Posix.SignalGroup(entry.Pid, Posix.SIGKILL);
                    Posix.Signal(entry.Pid, Posix.SIGKILL);
                    done.Add($"stopped leftover {name} (pid {entry.Pid})");
                }
            }
            File.Delete(state.RegistryFile);
        }
        done.AddRange(NetworkPartition.RemoveRules(state.StackId).Select(rule => $"removed leftover iptables rule: {rule}"));
        return done;
    }

    private void Save()
    {
        Directory.CreateDirectory(state.Root);
        var temporary = state.RegistryFile + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(_content, LabJson.Indented));
        File.Move(temporary, state.RegistryFile, overwrite: true);
    }
}
