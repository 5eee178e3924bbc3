using System.Globalization;
using System.Runtime.InteropServices;

namespace MonitoringStack.Hosting;

/// <summary>The few POSIX calls .NET does not expose (signals, effective user) and the pid DCP reports.</summary>
public static partial class ProcessSignals
{
    public const int SIGHUP = 1;
    public const int SIGKILL = 9;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;

    /// <summary>The snapshot property where DCP reports an executable's (or project's) process id.</summary>
    public const string PidProperty = "executable.pid";

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    public static bool IsRoot => GetEffectiveUserId() == 0;

    /// <summary>Sends a signal to one process; false when it does not exist (any more).</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    /// <summary>The process id of a running resource, from its dashboard snapshot.</summary>
    public static int? Pid(CustomResourceSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var value = snapshot.Properties.FirstOrDefault(p => p.Name == PidProperty)?.Value;
        return value switch
        {
            int pid => pid,
            long pid => (int)pid,
            string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) => pid,
            _ => null,
        };
    }
}
