using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MonitoringStack.Faults.Switches;

/// <summary>
/// The lasting faults in force in this process, at most one per fault of <see cref="FaultCatalogue"/>. Reads (every
/// request checks latency, errors and hang) are lock-free; activation and reset are rare.
/// </summary>
public sealed partial class ChaosFaults(TimeProvider time, ILogger<ChaosFaults> logger) : IDisposable
{
    private readonly ConcurrentDictionary<SwitchFault, ActiveFault> _active = new();
    private readonly Lock _changes = new();

    /// <summary>
    /// Starts a fault for <paramref name="duration"/>, replacing one of the same kind.
    /// <paramref name="acquire"/> takes the fault's resource (threads, memory) and gets the token
    /// that signals the end; what it returns is disposed when the fault ends.
    /// </summary>
    public ActiveFault Activate(SwitchFault kind, object settings, TimeSpan duration,
        Func<CancellationToken, IDisposable?>? acquire = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(settings);
        if (!kind.IsLasting)
        {
            throw new ArgumentException($"{kind.Name} is an instant fault: nothing stays in force", nameof(kind));
        }
        lock (_changes)
        {
            if (_active.TryRemove(kind, out var previous))
            {
                previous.Dispose();
            }
            var label = kind.Name;
            var fault = new ActiveFault(kind, settings, time.GetUtcNow(), duration, time);
            fault.Hold(acquire?.Invoke(fault.Ended));
            _active[kind] = fault;
            // Runs on the timer thread at expiry, or inline on End(): remove and release either way.
            fault.Ended.Register(() =>
            {
                _active.TryRemove(new KeyValuePair<SwitchFault, ActiveFault>(kind, fault));
                fault.Release();
                LogFaultEnded(logger, label);
            });
            if (logger.IsEnabled(LogLevel.Warning))
            {
                LogFaultActivated(logger, label, settings.ToString() ?? string.Empty, fault.EndsAt);
            }
            return fault;
        }
    }

    /// <summary>The fault of this kind in force now, if any.</summary>
    public bool TryGet(SwitchFault kind, out ActiveFault fault)
    {
        if (_active.TryGetValue(kind, out var found) && !found.HasEnded)
        {
            fault = found;
            return true;
        }
        fault = null!;
        return false;
    }

    /// <summary>Settings of the fault of this kind in force now.</summary>
    public T? Settings<T>(SwitchFault<T> kind) where T : class =>
        TryGet(kind, out var fault) ? fault.Settings as T : null;

    public bool IsActive(SwitchFault kind) => TryGet(kind, out _);

    public IReadOnlyList<ActiveFault> Snapshot() =>
        [.. _active.Values.Where(f => !f.HasEnded).OrderBy(f => Array.IndexOf(LastingFaults, f.Fault))];

    /// <summary>Ends every fault and releases what they hold. Returns how many were in force.</summary>
    public int Reset()
    {
        lock (_changes)
        {
            var ended = 0;
            foreach (var kind in Lasting)
            {
                if (_active.TryRemove(kind, out var fault))
                {
                    ended += fault.HasEnded ? 0 : 1;
                    fault.Dispose();
                }
            }
            if (ended > 0)
            {
                LogReset(logger, ended);
            }
            return ended;
        }
    }

    public void Dispose() => Reset();

    /// <summary>The faults of the catalogue that stay in force for a while (every one but crash), in catalogue order.</summary>
    public static IReadOnlyList<SwitchFault> Lasting => LastingFaults;

    private static readonly SwitchFault[] LastingFaults = [.. FaultCatalogue.Faults.Where(f => f.IsLasting)];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chaos fault {Fault} activated: {Settings} until {EndsAt:O}")]
    private static partial void LogFaultActivated(ILogger logger, string fault, string settings, DateTimeOffset endsAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chaos fault {Fault} ended")]
    private static partial void LogFaultEnded(ILogger logger, string fault);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chaos reset: {Ended} fault(s) ended")]
    private static partial void LogReset(ILogger logger, int ended);
}
