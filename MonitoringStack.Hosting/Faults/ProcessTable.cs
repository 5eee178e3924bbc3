using System.Globalization;

namespace MonitoringStack.Hosting;

/// <summary>
/// What Linux tells about other processes in /proc: ids, parents, start times, environment, command line,
/// working folder and open files. Every reader returns null (or nothing) for a process that is gone or
/// belongs to another user, since any process may exit between two reads.
/// </summary>
public static class ProcessTable
{
    public static IEnumerable<int> Pids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);

    /// <summary>Whether the process exists and has not exited (a zombie has, it only waits for its parent to reap it).</summary>
    public static bool IsAlive(int pid) => Stat(pid) is { } stat && stat[0] != "Z";

    public static IReadOnlyList<int> Children(int parent) =>
        Pids().Where(pid => Stat(pid) is { } stat && stat[1] == parent.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>When the process started, in clock ticks since boot: with its pid, it names one process even after the pid is reused.</summary>
    public static long? StartTime(int pid) =>
        Stat(pid) is { } stat && long.TryParse(stat[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : null;

    /// <summary>The environment the process was started with, as NUL-separated NAME=value entries.</summary>
    public static byte[]? Environ(int pid) => Read(() => File.ReadAllBytes($"/proc/{pid}/environ"));

    /// <summary>The command line, arguments separated by spaces (empty when unknown); programs that set a process title show the title.</summary>
    public static string CommandLine(int pid) => Read(() => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim()) ?? string.Empty;

    public static string? WorkingDirectory(int pid) => Read(() => new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget);

    /// <summary>The paths of the files the process has open.</summary>
    /// <remarks>Each descriptor is read on its own: one closed between listing and reading (common in a busy process) is skipped, not the whole list.</remarks>
    public static IReadOnlyList<string> OpenFiles(int pid) =>
        Read(() => Directory.GetFileSystemEntries($"/proc/{pid}/fd"))?.Select(fd => Read(() => new FileInfo(fd).LinkTarget)).OfType<string>().ToArray() ?? [];

    // /proc/<pid>/stat after "(comm)": [0] state, [1] parent pid, ..., [19] start time. The name may hold spaces, so split after the last ')'.
    private static string[]? Stat(int pid) => Read(() =>
    {
        var text = File.ReadAllText($"/proc/{pid}/stat");
        return text[(text.LastIndexOf(')') + 2)..].Split(' ');
    });

    private static T? Read<T>(Func<T?> read) where T : class
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
