namespace MonitoringStack.Lab.Supervision;

/// <summary>Where a supervised process is in its life.</summary>
public enum ResourceState
{
    Pending,
    Starting,
    Ready,
    /// <summary>Stopped with SIGSTOP by a fault; the process exists but does not run.</summary>
    Paused,
    /// <summary>Crashed; waiting for the restart delay.</summary>
    BackingOff,
    /// <summary>Crashed and the policy does not restart it, or it never became ready.</summary>
    Failed,
    Stopping,
    Stopped,
}
