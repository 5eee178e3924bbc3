using MonitoringStack.Experiments.Analysis;

namespace MonitoringStack.Experiments.Observation;

/// <summary>
/// Polls Prometheus' active alerts during an experiment and remembers when each alert was first seen
/// firing. Polling every second bounds the error of a firing time to one second, small beside the
/// scrape and evaluation intervals that bound detection anyway.
/// </summary>
/// <remarks>
/// The firing time is taken from Prometheus itself where it can be: <c>activeAt</c> (when the rule's
/// condition first held) plus the rule's <c>for</c>, never later than when the watcher saw it firing.
/// </remarks>
public sealed class AlertWatcher(PrometheusClient prometheus, TimeProvider time, Func<string, TimeSpan>? forDuration = null)
{
    private readonly Dictionary<string, DateTimeOffset> _firstFiring = new(StringComparer.Ordinal);
    private readonly HashSet<string> _firingBeforeStart = new(StringComparer.Ordinal);

    public IReadOnlyList<AlertFiring> Firings
    {
        get
        {
            lock (_firstFiring)
            {
                return _firstFiring.Select(p => new AlertFiring(p.Key, p.Value)).OrderBy(f => f.FiringAt).ToArray();
            }
        }
    }

    // Keyed by alert name and instance: a ReplicaRestarted still firing for api-1 from the previous
    // experiment must not hide a new one for api-2.
    private static string Key(PrometheusAlert alert) => alert.AlertName + "|" + alert.Labels.GetValueOrDefault("instance", "");

    /// <summary>
    /// Alerts already pending or firing when the experiment began (the aftermath of an earlier experiment
    /// says nothing about this one's fault).
    /// </summary>
    public async Task SnapshotBaselineAsync(CancellationToken cancellationToken)
    {
        foreach (var alert in await prometheus.AlertsAsync(cancellationToken))
        {
            if (alert.State is "firing" or "pending")
            {
                _firingBeforeStart.Add(Key(alert));
            }
        }
    }

    /// <summary>
    /// Waits until no warning or critical alert is pending or firing (an earlier experiment's overload
    /// takes a rate window to clear), at most <paramref name="limit"/>; returns those still active.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForQuietAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + limit;
        while (true)
        {
            var active = (await prometheus.AlertsAsync(cancellationToken))
                .Where(a => a.State is "pending" or "firing" && a.Labels.GetValueOrDefault("severity") is "warning" or "critical")
                .Select(a => a.AlertName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (active.Length == 0 || time.GetUtcNow() >= deadline)
            {
                return active;
            }
            await Task.Delay(TimeSpan.FromSeconds(2), time, cancellationToken);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                var now = time.GetUtcNow();
                foreach (var alert in await prometheus.AlertsAsync(cancellationToken))
                {
                    if (alert.State == "firing" && !_firingBeforeStart.Contains(Key(alert)))
                    {
                        var firingAt = alert.ActiveAt is { } active && forDuration is not null
                            ? Min(active + forDuration(alert.AlertName), now)
                            : now;
                        lock (_firstFiring)
                        {
                            _firstFiring.TryAdd(alert.AlertName, firingAt);
                        }
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Prometheus restarting (one of the experiments) is expected: keep polling.
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }
}
