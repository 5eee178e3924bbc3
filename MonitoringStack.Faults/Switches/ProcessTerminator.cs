using System.Runtime.InteropServices;

namespace MonitoringStack.Faults.Switches;

/// <summary>Ends the process the way a crash does: at once, no graceful shutdown, no cleanup.</summary>
public static class ProcessTerminator
{
    public static void ExitAbruptly(int exitCode)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            // _exit(2): no ProcessExit handlers, no host shutdown, open sockets reset by the kernel;
            // unlike Environment.FailFast it keeps the requested exit code.
            NativeExit(exitCode);
        }
        // Elsewhere the closest portable equivalent (runs exit handlers, but stays abrupt for clients).
        Environment.Exit(exitCode);
    }

    // A plain DllImport (blittable int, no marshalling): LibraryImport would need unsafe code.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "_exit")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern void NativeExit(int status);
#pragma warning restore SYSLIB1054
}
