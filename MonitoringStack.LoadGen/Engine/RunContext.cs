using System.Diagnostics;

namespace MonitoringStack.LoadGen.Engine;

/// <summary>
/// State shared by the phases of one run: the HTTP client, the mix, the in-flight count and every
/// recorder. <see cref="SendAsync"/> is the only place a request is sent, timed and classified.
/// </summary>
internal sealed class RunContext : IDisposable
{
    private readonly HttpClient _client;
    private readonly LoadGenMetrics _metrics;
    private readonly CancellationToken _hardStop;
    private int _inFlight;
    private bool _openModel;

    public RunContext(LoadProfile profile, Uri target, LoadGenMetrics metrics, RunTimeline timeline, CancellationToken hardStop)
    {
        Mix = new RequestMix(profile.Mix, target);
        MaxInFlight = profile.MaxInFlight;
        Timeline = timeline;
        _metrics = metrics;
        _hardStop = hardStop;
        _client = LoadHttpClient.Create(profile);
        foreach (var entry in Mix.Entries)
        {
            metrics.DeclareEndpoint(entry.Label);
        }
    }

    public RequestMix Mix { get; }
    public int MaxInFlight { get; }
    public RunTimeline Timeline { get; }
    public StatsRecorder Total { get; } = new();
    public int InFlight => Volatile.Read(ref _inFlight);
    public LoadGenMetrics Metrics => _metrics;

    /// <summary>Told about every finished or dropped request (see <see cref="LoadRunner.Observer"/>).</summary>
    public Action<RequestObservation>? Observer { get; init; }

    /// <summary>Open model sets the active-VU gauge from the in-flight count; closed model sets it to its user count.</summary>
    public void UseOpenModel(bool open) => _openModel = open;

    /// <summary>
    /// Open model: sends one arrival due at <paramref name="dueTimestamp"/> on the thread pool, or
    /// counts it as dropped when <see cref="MaxInFlight"/> requests are already in flight.
    /// </summary>
    public void Dispatch(long dueTimestamp, StatsRecorder phase)
    {
        var entry = Mix.Pick();
        if (!TryEnter())
        {
            phase.Dropped();
            Total.Dropped();
            Timeline.Dropped(dueTimestamp);
            _metrics.Dropped();
            Observer?.Invoke(new RequestObservation(dueTimestamp, TimeSpan.Zero, null, null, Dropped: true));
            return;
        }
        // Off the scheduler thread: building and writing a request must not delay the next arrival.
        ThreadPool.UnsafeQueueUserWorkItem(
            static state => _ = state.Context.SendAsync(state.Entry, state.Due, state.Phase),
            (Context: this, Entry: entry, Due: dueTimestamp, Phase: phase),
            preferLocal: false);
    }

    /// <summary>Reserves an in-flight slot; false when the limit is reached.</summary>
    public bool TryEnter()
    {
        var now = Interlocked.Increment(ref _inFlight);
        if (now > MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            return false;
        }
        if (_openModel)
        {
            _metrics.ActiveUsers = now;
        }
        return true;
    }

    /// <summary>
    /// Sends one request that holds an in-flight slot (see <see cref="TryEnter"/>) and records it.
    /// Latency runs from <paramref name="intendedTimestamp"/>, not from the moment of sending, so
    /// time spent waiting for the scheduler, a thread or a connection is part of it (no coordinated
    /// omission). Never throws: every failure is counted.
    /// </summary>
    public async Task SendAsync(MixEntry entry, long intendedTimestamp, StatsRecorder phase)
    {
        phase.Sent();
        Total.Sent();
        entry.Stats.Sent();
        Timeline.Sent(intendedTimestamp);
        try
        {
            using var request = entry.CreateRequest();
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, _hardStop);
            var end = Stopwatch.GetTimestamp();
            var elapsed = Stopwatch.GetElapsedTime(intendedTimestamp, end);
            var status = (int)response.StatusCode;
            var microseconds = (long)(elapsed.Ticks / (double)TimeSpan.TicksPerMicrosecond);
            phase.Answered(status, microseconds);
            Total.Answered(status, microseconds);
            entry.Stats.Answered(status, microseconds);
            Timeline.Completed(end);
            if (status >= 400)
            {
                Timeline.Error(end);
            }
            _metrics.Answered(entry.Label, status, elapsed.TotalSeconds);
            Observer?.Invoke(new RequestObservation(intendedTimestamp, elapsed, status, status >= 400 ? ErrorKind.Status : null, Dropped: false));
        }
        catch (OperationCanceledException) when (_hardStop.IsCancellationRequested)
        {
            phase.Aborted();
            Total.Aborted();
            entry.Stats.Aborted();
        }
        catch (Exception ex)
        {
            // HttpClient.Timeout surfaces as a TaskCanceledException; everything else (refused,
            // reset, closed mid-answer, name not resolved) means no usable connection.
            var kind = ex is OperationCanceledException ? ErrorKind.Timeout : ErrorKind.Connection;
            phase.Failed(kind);
            Total.Failed(kind);
            entry.Stats.Failed(kind);
            Timeline.Error(Stopwatch.GetTimestamp());
            _metrics.Failed(entry.Label, kind);
            Observer?.Invoke(new RequestObservation(intendedTimestamp, Stopwatch.GetElapsedTime(intendedTimestamp), null, kind, Dropped: false));
        }
        finally
        {
            var now = Interlocked.Decrement(ref _inFlight);
            if (_openModel)
            {
                _metrics.ActiveUsers = now;
            }
        }
    }

    public void Dispose() => _client.Dispose();
}
