using MonitoringStack.AppHost;
using MonitoringStack.Hosting;
using MonitoringStack.Tests.Config;
using MonitoringStack.AppHost.Supervision;

namespace MonitoringStack.Tests.AppHost;

public sealed class StateFolderLockTests : IDisposable
{
    private readonly TempFolder _folder = new("state-lock");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_folder_locked_by_a_live_process_is_refused_in_one_line_naming_it_and_is_free_once_it_died()
    {
        var state = _folder.Combine("state");
        Directory.CreateDirectory(state);
        var lockFile = Path.Combine(state, StateFolderLock.FileName);
        // One process that holds the flock for its whole life: bash opens the file, flock(1) locks that open file, sleep inherits it.
        await using var owner = ManagedProcess.Start("lock owner", "bash",
            ["-c", "exec 9>>\"$0\" && flock --nonblock 9 && exec sleep 60", lockFile]);
        await Eventually.AssertAsync(() => Task.FromResult(ProcessTable.OpenFiles(owner.Id).Contains(lockFile) && ProcessTable.CommandLine(owner.Id).StartsWith("sleep", StringComparison.Ordinal)),
            () => $"the lock owner did not take the lock:\n{owner.Output}");

        var refusal = Assert.Throws<StackConfigurationException>(() => StateFolderLock.Acquire(state));

        Assert.Contains($"PID {owner.Id}", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refusal.Message);
        owner.KillProcessOnly();
        Assert.True(await owner.ExitsWithinAsync(TimeSpan.FromSeconds(10)));
        using var taken = StateFolderLock.Acquire(state);
    }

    [Fact]
    public void Folders_lock_independently_and_a_released_lock_is_taken_again_with_the_owner_written_in_it()
    {
        var one = _folder.Combine("one");
        var two = _folder.Combine("two");
        using (StateFolderLock.Acquire(one))
        using (StateFolderLock.Acquire(two))
        {
        }
        using (StateFolderLock.Acquire(one))
        {
        }

        Assert.Equal($"{Environment.ProcessId}\n", File.ReadAllText(Path.Combine(one, StateFolderLock.FileName)));
    }

    [Fact]
    public async Task A_lock_held_by_an_earlier_app_of_this_process_is_waited_for()
    {
        var state = _folder.Combine("state");
        var earlier = StateFolderLock.Acquire(state);
        var release = Task.Delay(TimeSpan.FromMilliseconds(500)).ContinueWith(_ => earlier.Dispose(), TaskScheduler.Default);

        using var later = StateFolderLock.Acquire(state);

        await release;
    }
}
