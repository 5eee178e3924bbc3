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
    /// Waits until no alert named in <paramref name="alertNames"/> (this experiment's expected alerts) is
    /// pending or firing any more: one still active from an earlier experiment would be taken for this
    /// experiment's, or hide it. Alerts of other names cannot interfere (detection is by alert name, and
    /// those active at the start are left out of this experiment's alerts), so they are not waited for.
    /// Waits at most the longest <paramref name="resolveWithin"/> of the alerts found active (what their
    /// resolve needs once the cause is gone); returns those still active then.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForQuietAsync(IReadOnlyCollection<string> alertNames,
        Func<string, TimeSpan> resolveWithin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alertNames);
        ArgumentNullException.ThrowIfNull(resolveWithin);
        var start = time.GetUtcNow();
        while (true)
        {
            var active = QuietWait.Interfering(await prometheus.AlertsAsync(cancellationToken), alertNames);
            if (active.Count == 0 || time.GetUtcNow() >= start + QuietWait.Limit(active, resolveWithin))
            {
                return active;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
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
