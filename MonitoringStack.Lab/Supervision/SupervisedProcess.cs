using System.Diagnostics;

namespace MonitoringStack.Lab.Supervision;

/// <summary>
/// One resource under supervision: starts it in its own session (so Ctrl-C in the terminal reaches
/// only the Lab, and the whole tree can be signalled as a group), waits for its readiness probe,
/// restarts it after a crash according to its <see cref="RestartPolicy"/>, and stops it politely,
/// then by force.
/// </summary>
public sealed class SupervisedProcess : IAsyncDisposable
{
    private readonly RestartLog _restarts;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Process? _process;
    private Task? _loop;
    private TaskCompletionSource<bool> _firstReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _restartRequested;

    public SupervisedProcess(ProcessSpec spec, RestartLog restarts)
    {
        Spec = spec;
        _restarts = restarts;
    }

    public ProcessSpec Spec { get; }
    public string Name => Spec.Name;
    public ResourceState State { get; private set; } = ResourceState.Pending;
    public int? Pid { get; private set; }
    /// <summary>Automatic restarts after crashes (requested restarts are not counted).</summary>
    public int Restarts { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? ReadyAt { get; private set; }
    public int? LastExitCode { get; private set; }

    /// <summary>Raised on every state change (from a background thread).</summary>
    public event Action<SupervisedProcess>? StateChanged;

    /// <summary>Starts the supervision loop; returns when the process is ready (true) or gave up (false).</summary>
    public Task<bool> StartAsync()
    {
        lock (_gate)
        {
            _loop ??= Task.Run(SuperviseAsync);
        }
        return _firstReady.Task;
    }

    /// <summary>Waits for the current process to be ready again (after a restart), bounded by <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (State == ResourceState.Ready)
            {
                return true;
            }
            if (State is ResourceState.Failed or ResourceState.Stopped)
            {
                return false;
            }
            await Task.Delay(50, cancellationToken);
        }
        return State == ResourceState.Ready;
    }

    /// <summary>
    /// Stops and starts the process on purpose (e.g. "Prometheus restarted" experiments). Not a crash:
    /// it does not count as a restart and does not back off.
    /// </summary>
    public async Task<bool> RestartAsync(CancellationToken cancellationToken = default)
    {
        var pid = Pid;
        lock (_gate)
        {
            _restartRequested = true;
        }
        if (pid is { } p)
        {
            await StopProcessAsync(p);
        }
        // Let the loop notice the exit and start a new process.
        var deadline = DateTimeOffset.UtcNow + Spec.StopTimeout;
        while (Pid == pid && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(20, cancellationToken);
        }
        return await WaitReadyAsync(Spec.Readiness?.Timeout ?? TimeSpan.FromSeconds(30), cancellationToken);
    }

    /// <summary>Sends a signal to the process group (faults: SIGKILL, SIGSTOP, SIGCONT; nginx reload: SIGHUP).</summary>
    public bool Signal(int signal, bool wholeGroup = true)
    {
        if (Pid is not { } pid)
        {
            return false;
        }
        var sent = wholeGroup ? Posix.SignalGroup(pid, signal) : Posix.Signal(pid, signal);
        if (sent && signal == Posix.SIGSTOP)
        {
            SetState(ResourceState.Paused);
        }
        else if (sent && signal == Posix.SIGCONT && State == ResourceState.Paused)
        {
            SetState(ResourceState.Ready);
        }
        return sent;
    }

    /// <summary>Stops for good: polite signal, then SIGKILL to the whole group after the timeout.</summary>
    public async Task StopAsync()
    {
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
            if (!_stopping.IsCancellationRequested)
            {
                _stopping.Cancel();
            }
        }
        if (Pid is { } pid)
        {
            SetState(ResourceState.Stopping);
            await StopProcessAsync(pid);
        }
        if (loop is not null)
        {
            await loop.WaitAsync(Spec.StopTimeout + TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        SetState(ResourceState.Stopped);
        _firstReady.TrySetResult(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private async Task StopProcessAsync(int pid)
    {
        var process = _process;
        Posix.SignalGroup(pid, Spec.StopSignal);
        // A paused process cannot act on SIGTERM until it runs again.
        Posix.SignalGroup(pid, Posix.SIGCONT);
        var exited = process is null || await WaitExitAsync(process, Spec.StopTimeout);
        if (!exited)
        {
            Posix.SignalGroup(pid, Posix.SIGKILL);
            if (process is not null)
            {
                await WaitExitAsync(process, TimeSpan.FromSeconds(5));
            }
        }
        // Children that left the group leader behind (none expected) still get the group SIGKILL.
        Posix.SignalGroup(pid, Posix.SIGKILL);
    }

    private static async Task<bool> WaitExitAsync(Process process, TimeSpan timeout)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private async Task SuperviseAsync()
    {
        try
        {
            await RunAsync();
        }
        catch (Exception ex)
        {
            // A bug here must not leave a resource silently unsupervised: say so in its log and the table.
            await File.AppendAllTextAsync(Spec.LogFile, $"[lab] supervisor of {Name} failed: {ex}\n");
            SetState(ResourceState.Failed);
            _firstReady.TrySetResult(false);
            throw;
        }
    }

    private async Task RunAsync()
    {
        var crashStreak = 0;
        RestartRecord? pendingRestart = null;
        while (!_stopping.IsCancellationRequested)
        {
            Process process;
            try
            {
                process = Launch();
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
            {
                await File.AppendAllTextAsync(Spec.LogFile, $"[lab] could not start {Spec.FileName}: {ex.Message}\n");
                SetState(ResourceState.Failed);
                _firstReady.TrySetResult(false);
                return;
            }

            var startedAt = DateTimeOffset.UtcNow;
            var pid = process.Id;
            if (pendingRestart is not null)
            {
                pendingRestart = pendingRestart with { RestartedAt = startedAt, NewPid = pid };
            }

            var exit = process.WaitForExitAsync();
            var ready = await WaitUntilReadyAsync(exit);
            if (ready)
            {
                ReadyAt = DateTimeOffset.UtcNow;
                if (State != ResourceState.Paused)
                {
                    SetState(ResourceState.Ready);
                }
                _firstReady.TrySetResult(true);
                if (pendingRestart is not null)
                {
                    _restarts.Add(pendingRestart with { ReadyAt = ReadyAt });
                    pendingRestart = null;
                }
            }
            else if (!exit.IsCompleted && !_stopping.IsCancellationRequested)
            {
                // Running but never ready: treat like a crash so the policy decides.
                await File.AppendAllTextAsync(Spec.LogFile, $"[lab] {Name} not ready after {Spec.Readiness?.Timeout}; killing it\n");
                Posix.SignalGroup(pid, Posix.SIGKILL);
            }

            await exit.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var exitedAt = DateTimeOffset.UtcNow;
            LastExitCode = SafeExitCode(process);
            // Reap whatever the process left in its group (e.g. nginx workers after a master kill -9).
            Posix.SignalGroup(pid, Posix.SIGKILL);
            process.Dispose();

            if (pendingRestart is not null)
            {
                // Died again before it was ready: the restart is recorded without a ready time.
                _restarts.Add(pendingRestart);
                pendingRestart = null;
            }
            if (_stopping.IsCancellationRequested)
            {
                break;
            }

            bool requested;
            lock (_gate)
            {
                requested = _restartRequested;
                _restartRequested = false;
            }
            if (requested)
            {
                await File.AppendAllTextAsync(Spec.LogFile, $"[lab] {Name} restarted on request\n");
                continue;
            }

            await File.AppendAllTextAsync(Spec.LogFile, $"[lab] {Name} exited with code {LastExitCode} at {exitedAt:O}\n");
            if (!Spec.Restart.Enabled)
            {
                SetState(ResourceState.Failed);
                _firstReady.TrySetResult(false);
                return;
            }
            crashStreak = Spec.Restart.NextCrashStreak(crashStreak, exitedAt - startedAt);
            var delay = Spec.Restart.DelayFor(crashStreak);
            Restarts++;
            pendingRestart = new RestartRecord(Name, Restarts, pid, LastExitCode, exitedAt, delay, exitedAt, null, null);
            SetState(ResourceState.BackingOff);
            try
            {
                await Task.Delay(delay, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        Pid = null;
    }

    private async Task<bool> WaitUntilReadyAsync(Task exit)
    {
        if (Spec.Readiness is null)
        {
            return !exit.IsCompleted;
        }
        using var exitedOrStopping = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        _ = exit.ContinueWith(_ => exitedOrStopping.Cancel(), TaskScheduler.Default);
        try
        {
            return await Spec.Readiness.WaitAsync(exitedOrStopping.Token) && !exit.IsCompleted;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private Process Launch()
    {
        // setsid: own session and process group, so the terminal's Ctrl-C does not hit the children
        // and the group can be signalled as a whole. sh: the child writes its own log file, so logs
        // keep flowing even if the Lab dies; exec keeps the pid the same.
        var info = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            WorkingDirectory = Spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        info.ArgumentList.Add("/bin/sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$MONITORINGSTACK_LAB_LOG\" 2>&1 </dev/null");
        info.ArgumentList.Add(Spec.FileName);
        foreach (var argument in Spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in Spec.Environment)
        {
            info.Environment[key] = value;
        }
        info.Environment["MONITORINGSTACK_LAB_LOG"] = Spec.LogFile;

        Directory.CreateDirectory(Path.GetDirectoryName(Spec.LogFile)!);
        File.AppendAllText(Spec.LogFile, $"[lab] {DateTimeOffset.UtcNow:O} starting {Spec.FileName} {string.Join(' ', Spec.Arguments)}\n");
        SetState(ResourceState.Starting);
        var process = Process.Start(info) ?? throw new IOException($"could not start {Spec.FileName}");
        _process = process;
        Pid = process.Id;
        StartedAt = DateTimeOffset.UtcNow;
        ProcessStarted?.Invoke(this);
        return process;
    }

    /// <summary>Raised right after a process (first or restarted) was started; the pid registry listens.</summary>
    public event Action<SupervisedProcess>? ProcessStarted;

    private static int? SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private void SetState(ResourceState state)
    {
        if (State == state)
        {
            return;
        }
        State = state;
        StateChanged?.Invoke(this);
    }
}
