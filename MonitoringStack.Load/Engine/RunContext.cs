using System.Collections.Concurrent;
using System.Diagnostics;

namespace MonitoringStack.Load.Engine;

/// <summary>
/// State shared by the phases of one run: the HTTP handler, the mix, the in-flight count and the
/// recorders. <see cref="SendAsync"/> is the only place a request is sent, timed and classified.
/// </summary>
internal sealed class RunContext : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly LoadGenMetrics _metrics;
    private readonly CancellationToken _hardStop;
    private readonly CancellationTokenRegistration _abortOnStop;
    private readonly TimeSpan _timeout;
    private readonly bool _perEndpointStats;
    private readonly ConcurrentQueue<CancellationTokenSource> _timeoutSources = new();
    private readonly List<StatsRecorder> _phases = [];
    private int _inFlight;
    private bool _openModel;

    public RunContext(LoadProfile profile, Uri target, LoadGenMetrics metrics, RunTimeline timeline, CancellationToken hardStop)
    {
        Mix = new RequestMix(profile.Mix, target);
        MaxInFlight = profile.MaxInFlight;
        Timeline = timeline;
        _metrics = metrics;
        _hardStop = hardStop;
        _timeout = profile.RequestTimeout;
        // With one request kind the endpoint's stats equal the total: skip the second recording.
        _perEndpointStats = Mix.Entries.Count > 1;
        _invoker = LoadHttpClient.Create(profile);
        // Stopping aborts every request in flight at once (they are counted as aborted, not failed).
        _abortOnStop = hardStop.Register(static invoker => ((HttpMessageInvoker)invoker!).Dispose(), _invoker);
        foreach (var entry in Mix.Entries)
        {
            metrics.DeclareEndpoint(entry.Label);
        }
    }

    public RequestMix Mix { get; }
    public int MaxInFlight { get; }
    public RunTimeline Timeline { get; }
    public int InFlight => Volatile.Read(ref _inFlight);
    public LoadGenMetrics Metrics => _metrics;

    /// <summary>Told about every finished or dropped request (see <see cref="LoadRunner.Observer"/>).</summary>
    public Action<RequestObservation>? Observer { get; init; }

    /// <summary>A recorder for the next phase; the run's total is built from these at the end.</summary>
    public StatsRecorder NewPhase()
    {
        var recorder = new StatsRecorder();
        lock (_phases)
        {
            _phases.Add(recorder);
        }
        return recorder;
    }

    public StatsRecorder CombinedTotal()
    {
        lock (_phases)
        {
            return StatsRecorder.Combine(_phases);
        }
    }

    /// <summary>Per-endpoint results; with a single request kind, the total under the endpoint's name.</summary>
    public IEnumerable<(string Label, StatsRecorder Stats)> EndpointStats(StatsRecorder total) =>
        _perEndpointStats ? Mix.Entries.Select(e => (e.Label, e.Stats)) : [(Mix.Entries[0].Label, total)];

    public (long Sent, long Completed, long Errors, long Dropped) Counts()
    {
        lock (_phases)
        {
            var counts = _phases.Select(p => p.Counts()).ToArray();
            return (counts.Sum(c => c.Sent), counts.Sum(c => c.Completed), counts.Sum(c => c.Errors), counts.Sum(c => c.Dropped));
        }
    }

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
    /// Sends one request that holds an in-flight slot (see <see cref="TryEnter"/>), reads the whole
    /// answer and records it. Latency runs from <paramref name="intendedTimestamp"/>, not from the
    /// moment of sending, so time spent waiting for the scheduler, a thread or a connection is part of
    /// it (no coordinated omission). Never throws: every outcome is counted.
    /// </summary>
    public async Task SendAsync(MixEntry entry, long intendedTimestamp, StatsRecorder phase)
    {
        var endpoint = _perEndpointStats ? entry.Stats : null;
        phase.Sent();
        endpoint?.Sent();
        Timeline.Sent(intendedTimestamp);
        var timeout = RentTimeoutSource();
        try
        {
            using var request = entry.CreateRequest();
            using var response = await _invoker.SendAsync(request, timeout.Token);
            // Read the body to its end: the answer is complete only then, and the connection is reusable.
            await response.Content.CopyToAsync(Stream.Null, timeout.Token);
            var end = Stopwatch.GetTimestamp();
            var elapsed = Stopwatch.GetElapsedTime(intendedTimestamp, end);
            var status = (int)response.StatusCode;
            var microseconds = elapsed.Ticks / TimeSpan.TicksPerMicrosecond;
            phase.Answered(status, microseconds);
            endpoint?.Answered(status, microseconds);
            Timeline.Completed(end, isError: status >= 400);
            _metrics.Answered(entry.Label, status, elapsed.TotalSeconds);
            Observer?.Invoke(new RequestObservation(intendedTimestamp, elapsed, status, status >= 400 ? ErrorKind.Status : null, Dropped: false));
        }
        catch (Exception) when (_hardStop.IsCancellationRequested)
        {
            phase.Aborted();
            endpoint?.Aborted();
        }
        catch (Exception ex)
        {
            // Our timeout fired → timeout. Anything else (refused, reset, closed mid-answer, name not
            // resolved) means there was no usable connection.
            var kind = ex is OperationCanceledException && timeout.IsCancellationRequested ? ErrorKind.Timeout : ErrorKind.Connection;
            phase.Failed(kind);
            endpoint?.Failed(kind);
            Timeline.Failed(Stopwatch.GetTimestamp());
            _metrics.Failed(entry.Label, kind);
            Observer?.Invoke(new RequestObservation(intendedTimestamp, Stopwatch.GetElapsedTime(intendedTimestamp), null, kind, Dropped: false));
        }
        finally
        {
            ReturnTimeoutSource(timeout);
            var now = Interlocked.Decrement(ref _inFlight);
            if (_openModel)
            {
                _metrics.ActiveUsers = now;
            }
        }
    }

    /// <summary>Timeout sources are reused (reset) because allocating one per request costs throughput.</summary>
    private CancellationTokenSource RentTimeoutSource()
    {
        if (!_timeoutSources.TryDequeue(out var source))
        {
            source = new CancellationTokenSource();
        }
        source.CancelAfter(_timeout);
        return source;
    }

    private void ReturnTimeoutSource(CancellationTokenSource source)
    {
        if (source.TryReset())
        {
            _timeoutSources.Enqueue(source);
        }
        else
        {
            source.Dispose();
        }
    }

    public void Dispose()
    {
        _abortOnStop.Dispose();
        _invoker.Dispose();
        while (_timeoutSources.TryDequeue(out var source))
        {
            source.Dispose();
        }
    }
}
