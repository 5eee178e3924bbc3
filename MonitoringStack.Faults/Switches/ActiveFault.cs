namespace MonitoringStack.Faults.Switches;

/// <summary>
/// One fault in force. It ends by itself at <see cref="EndsAt"/> (a timer cancels <see cref="Ended"/>),
/// or earlier on reset or when replaced by a new fault of the same kind; either way the resource it
/// holds (burning threads, allocated memory) is released.
/// </summary>
public sealed class ActiveFault : IDisposable
{
    private readonly CancellationTokenSource _end;
    private IDisposable? _resource;

    internal ActiveFault(SwitchFault fault, object settings, DateTimeOffset startedAt, TimeSpan duration, TimeProvider time)
    {
        Fault = fault;
        Settings = settings;
        StartedAt = startedAt;
        EndsAt = startedAt + duration;
        _end = new CancellationTokenSource(duration, time);
    }

    /// <summary>The fault of the catalogue this is.</summary>
    public SwitchFault Fault { get; }

    /// <summary>The request that started it (<see cref="LatencyFault"/>, <see cref="ErrorFault"/> …).</summary>
    public object Settings { get; }

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset EndsAt { get; }

    /// <summary>Cancelled when the fault ends, for whatever reason.</summary>
    public CancellationToken Ended => _end.Token;

    public bool HasEnded => _end.IsCancellationRequested;

    internal void Hold(IDisposable? resource) => _resource = resource;

    /// <summary>Ends the fault now (idempotent).</summary>
    public void End()
    {
        try
        {
            _end.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already ended and disposed.
        }
    }

    /// <summary>Releases what the fault holds; called once, when it ends.</summary>
    internal void Release() => Interlocked.Exchange(ref _resource, null)?.Dispose();

    public void Dispose()
    {
        End();
        Release();
        _end.Dispose();
    }
}
