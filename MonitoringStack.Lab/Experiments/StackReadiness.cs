using MonitoringStack.Experiments.Observation;
using MonitoringStack.Lab.Stack;
using MonitoringStack.Topology;

namespace MonitoringStack.Lab.Experiments;

/// <summary>Brings the stack to the replica count an experiment needs and waits until Prometheus sees them all.</summary>
public static class StackReadiness
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task EnsureReplicasAsync(LocalStack stack, PrometheusClient prometheus, int replicas, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(prometheus);
        if (stack.Topology.Replicas != replicas)
        {
            log($"scaling {stack.Topology.Replicas} → {replicas} replicas");
            await stack.ScaleAsync(replicas, cancellationToken);
        }
        var deadline = DateTimeOffset.UtcNow + Timeout;
        while (true)
        {
            // One series per API target: how many there are, and how many were scraped successfully.
            int up = 0, total = 0;
            try
            {
                var targets = await prometheus.QueryAsync($"up{{job=\"{StackTopology.ApiJob}\"}}", cancellationToken);
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
                throw new LabException($"Prometheus sees {up} of {replicas} API replicas up ({total} targets) after {Timeout.TotalSeconds:0} s");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
