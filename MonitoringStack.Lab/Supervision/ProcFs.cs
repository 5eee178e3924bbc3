using System.Globalization;

namespace MonitoringStack.Lab.Supervision;

/// <summary>Reads /proc to tell a process we started from an unrelated one that reused its pid.</summary>
internal static class ProcFs
{
    /// <summary>Start time of <paramref name="pid"/> in clock ticks since boot (field 22 of /proc/pid/stat), or null.</summary>
    public static long? StartTicks(int pid)
    {
        var stat = Read(pid);
        return stat is null ? null : long.Parse(stat[19], CultureInfo.InvariantCulture);
    }

    /// <summary>Parent pid (field 4), or null when the process is gone.</summary>
    public static int? ParentPid(int pid)
    {
        var stat = Read(pid);
        return stat is null ? null : int.Parse(stat[1], CultureInfo.InvariantCulture);
    }

    /// <summary>Pids whose parent is <paramref name="parent"/>.</summary>
    public static IReadOnlyList<int> Children(int parent)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ParentPid(pid) == parent)
            {
                children.Add(pid);
            }
        }
        return children;
    }

    public static bool IsAlive(int pid) => Read(pid) is { } stat && stat[0] != "Z";

    // Fields after "(comm)": the command name may itself contain spaces and parentheses, so split
    // after the last ')'. Index 0 is the state (field 3), index 1 the ppid (field 4), 19 the start time (field 22).
    private static string[]? Read(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            return text[(close + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
