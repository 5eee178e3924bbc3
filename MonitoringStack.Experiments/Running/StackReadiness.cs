using MonitoringStack.Experiments.Observation;
using Samples = System.Collections.Generic.IReadOnlyList<(System.Collections.Generic.IReadOnlyDictionary<string, string> Labels, double Value)>;

namespace MonitoringStack.Experiments.Running;

/// <summary>
/// Brings a replica set to the count an experiment needs, waits until Prometheus sees them all up,
/// and, for alerts over a range window, until every replica's series fills that window. The set's scrape
/// job has the set's name (<see cref="Definitions.ExperimentDefinition.ReplicaSet"/>).
/// </summary>
public static class StackReadiness
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The job's targets Prometheus scrapes now, with their last <c>up</c>. A plain <c>up{job="…"}</c> also
    /// returns, for the 5 minutes of lookback, the series of a replica that no longer exists when nothing
    /// wrote its stale marker (the previous stack's Prometheus stopped with it): a run started right after
    /// a 3-replica run saw "3 of 1 replicas up". 15 s is three scrapes of a 5 s job.
    /// </summary>
    private static string ScrapedNow(string job) => $"last_over_time(up{{job=\"{job}\"}}[15s])";

    public static async Task EnsureReplicasAsync(IStackDriver stack, PrometheusClient prometheus, string replicaSet, int replicas, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(prometheus);
        ArgumentNullException.ThrowIfNull(log);
        var running = stack.RunningReplicas(replicaSet);
        if (running != replicas)
        {
            log($"scaling {replicaSet} {running} → {replicas} replicas");
            await stack.ScaleAsync(replicaSet, replicas, cancellationToken).ConfigureAwait(false);
        }
        // One series per target of the set's job: how many there are, and how many were scraped successfully.
        static int Up(Samples targets) => targets.Count(t => t.Value == 1);
        await PollAsync(prometheus, ScrapedNow(replicaSet), targets => Up(targets) == replicas && targets.Count == replicas, Timeout,
            targets => $"Prometheus sees {Up(targets)} of {replicas} replicas of job {replicaSet} up ({targets.Count} targets) after {Timeout.TotalSeconds:0} s",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until every replica of <paramref name="job"/> has been scraped throughout the last <paramref name="window"/>. A rule
    /// over <c>avg_over_time(x[1m])</c> or <c>rate(x[1m])</c> averages only the samples its window holds:
    /// on a series younger than the window (a stack just started, a replica just added) a fault moves it
    /// faster than the detection bound assumes, and a cpu-exhaustion run on a fresh stack was notified at
    /// +51 s against a lower bound of 61 s. A stack that has run for the window waits for nothing.
    /// </summary>
    public static async Task EnsureFullWindowsAsync(PrometheusClient prometheus, string job, TimeSpan window, TimeSpan scrapeInterval, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prometheus);
        ArgumentNullException.ThrowIfNull(log);
        if (window <= TimeSpan.Zero || scrapeInterval <= TimeSpan.Zero)
        {
            return;
        }
        var samples = (int)Math.Floor(window / scrapeInterval);
        var query = FormattableString.Invariant($"min(count_over_time(up{{job=\"{job}\"}}[{window.TotalSeconds:0}s]) and on (instance) {ScrapedNow(job)})");
        static double Fewest(Samples result) => result.Select(s => s.Value).DefaultIfEmpty(0).Min();
        var started = DateTimeOffset.UtcNow;
        var waiting = false;
        await PollAsync(prometheus, query, result =>
            {
                var full = Fewest(result) >= samples;
                if (!full && !waiting)
                {
                    log($"a replica's series is younger than the rules' {window.TotalSeconds:0} s window ({Fewest(result):0} of {samples} samples): waiting until it fills");
                    waiting = true;
                }
                return full;
            },
            window + Timeout,
            result => $"a replica's series of job {job} holds {Fewest(result):0} of the {samples} samples of the rules' {window.TotalSeconds:0} s window after {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s",
            cancellationToken).ConfigureAwait(false);
        if (waiting)
        {
            log($"waited {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s until every replica's series filled the rules' {window.TotalSeconds:0} s window");
        }
    }

    /// <summary>
    /// Queries Prometheus once a second until <paramref name="done"/> holds for the answer, or throws a
    /// <see cref="TimeoutException"/> saying why not after <paramref name="limit"/>. A Prometheus that is
    /// restarting (no answer) counts as "not yet".
    /// </summary>
    private static async Task PollAsync(PrometheusClient prometheus, string query, Func<Samples, bool> done, TimeSpan limit,
        Func<Samples, string> whyNot, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + limit;
        while (true)
        {
            Samples result = [];
            try
            {
                result = await prometheus.QueryAsync(query, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // Prometheus restarting: try again until the deadline.
            }
            if (done(result))
            {
                return;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException(whyNot(result));
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }
}
