using System.Globalization;
using System.Text;

namespace MonitoringStack.AppHost.Supervision;

/// <summary>
/// One AppHost per state folder: an exclusive lock on <see cref="FileName"/> in it, held from before anything
/// in the folder is touched until the AppHost's entry point returns. .NET takes it as an flock (FileShare.None),
/// which the kernel drops when the process dies, so after a kill -9 the next start gets it and may treat what
/// is still running as leftovers; while the owner lives, a second start refuses with its PID and stops nothing.
/// The file holds the owner's PID for people (<c>cat</c>); the refusal finds the owner through /proc, because
/// .NET cannot read a file another process holds that lock on.
/// </summary>
public sealed class StateFolderLock : IDisposable
{
    public const string FileName = "apphost.lock";

    /// <summary>
    /// How long a start waits for a lock held by its own process (the tests run AppHosts in-process, one after
    /// another on the same folder, and an app's entry point returns, and lets go, only moments after it was
    /// disposed) or by a process that let go before it could be named.
    /// </summary>
    private static readonly TimeSpan OwnReleaseLimit = TimeSpan.FromSeconds(30);

    private readonly FileStream _file;

    private StateFolderLock(FileStream file) => _file = file;

    /// <summary>Takes the lock of <paramref name="stateDirectory"/> for this process.</summary>
    /// <exception cref="StackConfigurationException">Another AppHost holds it.</exception>
    public static StateFolderLock Acquire(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = Path.GetFullPath(Path.Combine(stateDirectory, FileName));
        var deadline = DateTimeOffset.UtcNow + OwnReleaseLimit;
        while (true)
        {
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex)
            {
                var owner = Owner(path);
                // Unknown owner: it let go between our attempt and the look through /proc; try again.
                if ((owner is { } other && other != Environment.ProcessId) || DateTimeOffset.UtcNow > deadline)
                {
                    throw new StackConfigurationException(owner is { } pid
                        ? $"the AppHost with PID {pid} already runs the stack of {Path.GetDirectoryName(path)}. Stop it first (Ctrl-C where it runs, or kill {pid}); nothing was started or stopped."
                        : $"{path} is locked by another AppHost ({ex.Message}). Stop it first; nothing was started or stopped.");
                }
                Thread.Sleep(100);
                continue;
            }
            file.SetLength(0);
            file.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            file.Flush();
            return new StateFolderLock(file);
        }
    }

    /// <summary>Lets go of the lock (the file stays: deleting it could let two starts lock two different files).</summary>
    public void Dispose() => _file.Dispose();

    /// <summary>The process that has the lock file open: only its owner keeps it open (a failed attempt closes it at once).</summary>
    private static int? Owner(string path) =>
        ProcessTable.Pids().Where(pid => ProcessTable.OpenFiles(pid).Contains(path)).Select(pid => (int?)pid).FirstOrDefault();
}
