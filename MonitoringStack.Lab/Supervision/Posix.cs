using System.Runtime.InteropServices;

namespace MonitoringStack.Lab.Supervision;

/// <summary>The few POSIX calls .NET does not expose: signals to a process group.</summary>
internal static partial class Posix
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    /// <summary>Sends a signal to one process; false when it does not exist (any more).</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    /// <summary>
    /// Sends a signal to every process of the group led by <paramref name="groupLeader"/>. Every
    /// supervised process is started with setsid, so its group holds it and all its children (nginx
    /// workers included): this is the kill-tree.
    /// </summary>
    public static bool SignalGroup(int groupLeader, int signal) => groupLeader > 0 && Kill(-groupLeader, signal) == 0;

    public static bool IsRoot => GetEffectiveUserId() == 0;
}
