using MonitoringStack.Lab.Supervision;

namespace MonitoringStack.Tests.Lab;

/// <summary>The supervisor against real processes (sh, sleep): restart after kill -9, backoff, stop.</summary>
public sealed class SupervisedProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lab-supervisor-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ProcessSpec Spec(string script, RestartPolicy policy) => new()
    {
        Name = "worker",
        FileName = "/bin/sh",
        Arguments = ["-c", script],
        LogFile = Path.Combine(_folder, "worker.log"),
        Restart = policy,
        StopTimeout = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task A_killed_process_is_restarted_within_a_second_and_the_restart_is_recorded()
    {
        var log = new RestartLog(Path.Combine(_folder, "restarts.jsonl"));
        await using var process = new SupervisedProcess(Spec("sleep 60", RestartPolicy.Default), log);
        Assert.True(await process.StartAsync());
        var firstPid = process.Pid!.Value;

        Assert.True(process.Signal(Posix.SIGKILL));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (log.Records.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var record = Assert.Single(log.Records);
        Assert.Equal(firstPid, record.OldPid);
        Assert.Equal(137, record.ExitCode);
        Assert.NotEqual(firstPid, record.NewPid);
        Assert.Equal(process.Pid, record.NewPid);
        Assert.True(record.Downtime < TimeSpan.FromSeconds(1), $"{record}");
        Assert.Equal(1, process.Restarts);
        Assert.Contains("\"resource\":\"worker\"", await File.ReadAllTextAsync(Path.Combine(_folder, "restarts.jsonl")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_process_that_keeps_crashing_backs_off_exponentially()
    {
        var log = new RestartLog(null);
        var policy = new RestartPolicy { FirstDelay = TimeSpan.FromMilliseconds(50), Multiplier = 2, MaxDelay = TimeSpan.FromSeconds(5) };
        // Ready for a moment (a probe-less process counts as ready while it runs), then crashes.
        await using var process = new SupervisedProcess(Spec("sleep 0.1; exit 3", policy), log);
        await process.StartAsync();

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (log.Records.Count < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var delays = log.Records.Take(4).Select(r => r.Delay.TotalMilliseconds).ToArray();
        Assert.Equal([50, 100, 200, 400], delays);
        Assert.All(log.Records, r => Assert.Equal(3, r.ExitCode));
    }

    [Fact]
    public async Task A_restart_can_be_held_back_so_the_outage_is_visible()
    {
        var log = new RestartLog(null);
        await using var process = new SupervisedProcess(Spec("sleep 60", RestartPolicy.Default), log);
        await process.StartAsync();

        process.HoldRestart(TimeSpan.FromSeconds(1.5));
        var killedAt = DateTimeOffset.UtcNow;
        process.Signal(Posix.SIGKILL);
        await Task.Delay(1000);
        Assert.Empty(log.Records);
        Assert.Equal(ResourceState.BackingOff, process.State);

        Assert.True(await process.WaitReadyAsync(TimeSpan.FromSeconds(5)));
        var record = Assert.Single(log.Records);
        Assert.True(record.RestartedAt - killedAt >= TimeSpan.FromSeconds(1.4), $"{record}, killed at {killedAt:O}");
    }

    [Fact]
    public async Task Stop_kills_the_whole_process_group_and_does_not_restart()
    {
        var log = new RestartLog(null);
        // The shell ignores SIGTERM and has a child: stop must escalate to SIGKILL of the group.
        await using var process = new SupervisedProcess(Spec("trap '' TERM; sleep 60 & wait", RestartPolicy.Default), log);
        await process.StartAsync();
        var pid = process.Pid!.Value;
        await Task.Delay(200);
        var child = ProcFs.Children(pid);
        Assert.NotEmpty(child);

        await process.StopAsync();

        Assert.Equal(ResourceState.Stopped, process.State);
        Assert.False(ProcFs.IsAlive(pid));
        Assert.All(child, c => Assert.False(ProcFs.IsAlive(c)));
        Assert.Empty(log.Records);
    }
}
