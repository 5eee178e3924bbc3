using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace MonitoringStack.Api.Work;

/// <summary>
/// The per-instance capacity limit: at most <see cref="WorkOptions.MaxConcurrency"/> orders in
/// flight, up to <see cref="WorkOptions.QueueLimit"/> waiting (oldest first) for at most
/// <see cref="WorkOptions.QueueTimeoutMs"/>. A <see cref="ConcurrencyLimiter"/> does the counting;
/// this class adds the queue timeout and keeps the queue-depth and in-progress gauges true.
/// </summary>
public sealed class WorkLimiter : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly TimeSpan _queueTimeout;
    private readonly ApiMetrics _metrics;

    public WorkLimiter(IOptions<WorkOptions> options, ApiMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        var work = options.Value;
        _metrics = metrics;
        _queueTimeout = TimeSpan.FromMilliseconds(work.QueueTimeoutMs);
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = work.MaxConcurrency,
            QueueLimit = work.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>How long a shed client should wait before retrying (<c>Retry-After</c>, whole seconds).</summary>
    public static int RetryAfterSeconds => 1;

    /// <summary>
    /// Waits for a processing slot. Returns a slot to dispose when the work is done, or the reason
    /// the work was shed (<see cref="ShedReasons"/>).
    /// </summary>
    public async Task<WorkSlot> AcquireAsync(CancellationToken requestAborted)
    {
        // Fast path: a free slot needs no timer and never counts as queued.
        var lease = _limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
            timeout.CancelAfter(_queueTimeout);
            _metrics.QueueDepthChanged(+1);
            try
            {
                lease = await _limiter.AcquireAsync(1, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return WorkSlot.Shed(requestAborted.IsCancellationRequested ? ShedReasons.ClientGone : ShedReasons.QueueTimeout);
            }
            finally
            {
                _metrics.QueueDepthChanged(-1);
            }
            if (!lease.IsAcquired)
            {
                lease.Dispose();
                return WorkSlot.Shed(ShedReasons.QueueFull);
            }
        }
        _metrics.InProgressChanged(+1);
        return WorkSlot.Granted(lease, () => _metrics.InProgressChanged(-1));
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>The bounded set of <c>reason</c> values on <c>monitoringstack_work_shed_total</c>.</summary>
public static class ShedReasons
{
    /// <summary>The wait queue was full when the order arrived.</summary>
    public const string QueueFull = "queue_full";

    /// <summary>The order waited <see cref="WorkOptions.QueueTimeoutMs"/> without getting a slot.</summary>
    public const string QueueTimeout = "queue_timeout";

    /// <summary>The client went away while waiting: nothing to answer, nothing shed.</summary>
    internal const string ClientGone = "client_gone";
}

/// <summary>A processing slot, or the reason there is none.</summary>
public sealed class WorkSlot : IDisposable
{
    private readonly RateLimitLease? _lease;
    private readonly Action? _onRelease;

    private WorkSlot(RateLimitLease? lease, Action? onRelease, string? shedReason)
    {
        _lease = lease;
        _onRelease = onRelease;
        ShedReason = shedReason;
    }

    public bool IsGranted => _lease is not null;

    public string? ShedReason { get; }

    internal static WorkSlot Granted(RateLimitLease lease, Action onRelease) => new(lease, onRelease, null);

    internal static WorkSlot Shed(string reason) => new(null, null, reason);

    public void Dispose()
    {
        if (_lease is not null)
        {
            _lease.Dispose();
            _onRelease?.Invoke();
        }
    }
}
