using System.Globalization;
using MonitoringStack.Hosting;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// One process of a running stack, recorded by pid and start time: after the stack is gone, the pid alone
/// could name a new process (of the next run) that got the same number.
/// </summary>
internal sealed record RecordedProcess(int Pid, long StartTime, string CommandLine)
{
    /// <summary>
    /// The AppHost, its DCP and everything below them: DCP's executables (nginx workers included) and the
    /// dashboard. DCP detaches from the AppHost (its parent is init), but its API server names the AppHost to
    /// watch in <c>--monitor</c>.
    /// </summary>
    public static IReadOnlyList<RecordedProcess> TreeOf(int apphost)
    {
        var tree = new List<RecordedProcess>();
        var dcp = ProcessTable.Pids().Where(pid => ProcessTable.CommandLine(pid).Split(' ') is [var program, "start-apiserver", "--monitor", var watched, ..]
            && Path.GetFileName(program) == "dcp" && watched == apphost.ToString(CultureInfo.InvariantCulture));
        var next = new Queue<int>([apphost, .. dcp]);
        while (next.TryDequeue(out var pid))
        {
            if (ProcessTable.StartTime(pid) is { } started)
            {
                tree.Add(new RecordedProcess(pid, started, ProcessTable.CommandLine(pid)));
            }
            foreach (var child in ProcessTable.Children(pid))
            {
                next.Enqueue(child);
            }
        }
        return tree;
    }

    public bool IsAlive => ProcessTable.StartTime(Pid) == StartTime && ProcessTable.IsAlive(Pid);

    /// <summary>The file name of the program (a process title such as "nginx: worker process" is its own first word).</summary>
    public string Program => Path.GetFileName(CommandLine.Split(' ')[0]);

    public override string ToString() => $"{Pid} ({CommandLine})";
}
