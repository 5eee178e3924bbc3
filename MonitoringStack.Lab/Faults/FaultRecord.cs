namespace MonitoringStack.Lab.Faults;

public enum FaultKind
{
    /// <summary>SIGKILL to the process group; the supervisor restarts it.</summary>
    Kill,
    /// <summary>SIGSTOP: the process exists, holds its port, answers nothing.</summary>
    Pause,
    /// <summary>SIGCONT after a pause.</summary>
    Resume,
    /// <summary>iptables DROP of every packet to and from the process' port.</summary>
    Partition,
    /// <summary>Removes the partition rules.</summary>
    Heal,
}

/// <summary>One injected fault (or its undo), with the time the Lab applied it.</summary>
public sealed record FaultRecord(DateTimeOffset At, FaultKind Kind, string Target, int? Pid, string Detail);
