using MonitoringStack.Experiments.Observation;
using MonitoringStack.Topology;

namespace MonitoringStack.Experiments.Running;

/// <summary>
/// Brings the stack to the replica count an experiment needs, waits until Prometheus sees them all up,
/// and, for alerts over a range window, until every replica's series fills that window.
/// </summary>
public static class StackReadiness
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The API targets Prometheus scrapes now, with their last <c>up</c>. A plain <c>up{job="api"}</c> also
    /// returns, for the 5 minutes of lookback, the series of a replica that no longer exists when nothing
    /// wrote its stale marker (the previous stack's Prometheus stopped with it): a run started right after
    /// a 3-replica run saw "3 of 1 replicas up". 15 s is three scrapes of the API job.
    /// </summary>
    private static readonly string ScrapedNow = $"last_over_time(up{{job=\"{StackTopology.ApiJob}\"}}[15s])";

    public static async Task EnsureReplicasAsync(IStackDriver stack, PrometheusClient prometheus, int replicas, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(prometheus);
        ArgumentNullException.ThrowIfNull(log);
        if (stack.Replicas != replicas)
        {
            log($"scaling {stack.Replicas} → {replicas} replicas");
            await stack.ScaleAsync(replicas, cancellationToken).ConfigureAwait(false);
        }
        var deadline = DateTimeOffset.UtcNow + Timeout;
        while (true)
        {
            // One series per API target: how many there are, and how many were scraped successfully.
            int up = 0, total = 0;
            try
            {
                var targets = await prometheus.QueryAsync(ScrapedNow, cancellationToken).ConfigureAwait(false);
                total = targets.Count;
                up = targets.Count(t => t.Value == 1);
            }
            catch (HttpRequestException)
            {
                // Prometheus restarting: try again until the deadline.
            }
            if (up == replicas && total == replicas)
            {
                return;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Prometheus sees {up} of {replicas} API replicas up ({total} targets) after {Timeout.TotalSeconds:0} s");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until every API replica has been scraped throughout the last <paramref name="window"/>. A rule
    /// over <c>avg_over_time(x[1m])</c> or <c>rate(x[1m])</c> averages only the samples its window holds:
    /// on a series younger than the window (a stack just started, a replica just added) a fault moves it
    /// faster than the detection bound assumes, and a cpu-exhaustion run on a fresh stack was notified at
    /// +51 s against a lower bound of 61 s. A stack that has run for the window waits for nothing.
    /// </summary>
    public static async Task EnsureFullWindowsAsync(PrometheusClient prometheus, TimeSpan window, TimeSpan scrapeInterval, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        ArgumentNullException.ThrowIfNull(log);
        if (window <= TimeSpan.Zero || scrapeInterval <= TimeSpan.Zero)
        {
            return;
        }
        var samples = (int)Math.Floor(window / scrapeInterval);
        var query = FormattableString.Invariant($"min(count_over_time(up{{job=\"{StackTopology.ApiJob}\"}}[{window.TotalSeconds:0}s]) and on (instance) {ScrapedNow})");
        var started = DateTimeOffset.UtcNow;
        var deadline = started + window + Timeout;
        var logged = false;
        while (true)
        {
            double fewest = 0;
            try
            {
                fewest = (await prometheus.QueryAsync(query, cancellationToken).ConfigureAwait(false)).Select(s => s.Value).DefaultIfEmpty(0).Min();
            }
            catch (HttpRequestException)
            {
                // Prometheus restarting: try again until the deadline.
            }
            if (fewest >= samples)
            {
                if (logged)
                {
                    log($"waited {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s until every replica's series filled the rules' {window.TotalSeconds:0} s window");
                }
                return;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"an API replica's series holds {fewest:0} of the {samples} samples of the rules' {window.TotalSeconds:0} s window after {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s");
            }
            if (!logged)
            {
                log($"a replica's series is younger than the rules' {window.TotalSeconds:0} s window ({fewest:0} of {samples} samples): waiting until it fills");
                logged = true;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }
}
