using MonitoringStack.Experiments.Observation;
using MonitoringStack.Topology;

namespace MonitoringStack.Experiments.Running;

/// <summary>Brings the stack to the replica count an experiment needs and waits until Prometheus sees them all up.</summary>
public static class StackReadiness
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

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
                var targets = await prometheus.QueryAsync($"up{{job=\"{StackTopology.ApiJob}\"}}", cancellationToken).ConfigureAwait(false);
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
}
