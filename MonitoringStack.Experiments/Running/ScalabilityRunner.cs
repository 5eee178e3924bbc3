using System.Globalization;
using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Experiments.Observation;
using MonitoringStack.Experiments.Results;
using MonitoringStack.Load.Engine;

namespace MonitoringStack.Experiments.Running;

/// <summary>
/// Runs the scalability experiment: for each replica count, stepped open-model load through nginx;
/// per step the client figures from the load generator and CPU and memory per instance from Prometheus.
/// </summary>
public sealed class ScalabilityRunner(IStackDriver stack, Action<string> log)
{
    /// <summary>
    /// Load after each replica change so new replicas are JIT-compiled and connection pools are warm before
    /// measuring (3 s left the first step at 4 replicas with a 0.5 s p99 from cold starts).
    /// </summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(6);

    public async Task<ScalabilityResult> RunAsync(ExperimentDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var scalability = definition.Scalability ?? throw new ExperimentDefinitionException($"{definition.Name}: no scalability section");
        using var prometheusHttp = new HttpClient { BaseAddress = new Uri(stack.Prometheus.ToString().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(10) };
        var prometheus = new PrometheusClient(prometheusHttp);
        var load = new LoadDefinition { Mix = definition.Load.Mix.Count > 0 ? definition.Load.Mix : new() { [scalability.Endpoint] = 1 } };
        var steps = new List<ScalingStep>();
        foreach (var replicas in scalability.ReplicaCounts.Order())
        {
            await StackReadiness.EnsureReplicasAsync(stack, prometheus, definition.ReplicaSet, replicas, log, cancellationToken);
            using (var warm = new LoadRunner())
            {
                await warm.RunAsync(ExperimentLoad.Constant("warm-up", load, scalability.StepRates.Min(), (int)WarmUp.TotalSeconds),
                    stack.Entry, null, cancellationToken);
            }
            foreach (var rate in scalability.StepRates)
            {
                using var runner = new LoadRunner();
                var started = DateTimeOffset.UtcNow;
                var result = await runner.RunAsync(ExperimentLoad.Constant($"{replicas}x{rate}", load, rate, scalability.StepSeconds),
                    stack.Entry, null, cancellationToken);
                var total = result.Total;
                var window = $"{Math.Max(5, scalability.StepSeconds)}s";
                // Empty for a service without these gauges: the report's columns stay blank.
                var cpu = await ByInstanceAsync(prometheus, $"avg_over_time({ProcessMetrics.CpuRatio(definition.ReplicaSet)}[{window}])", cancellationToken);
                var memory = await ByInstanceAsync(prometheus, $"max_over_time({ProcessMetrics.MemoryBytes(definition.ReplicaSet)}[{window}]) / 1048576", cancellationToken);
                var step = new ScalingStep(replicas, rate, total.Succeeded / Math.Max(0.001, total.DurationSeconds), total.ErrorRate,
                    total.Latency.P50Ms, total.Latency.P90Ms, total.Latency.P99Ms, total.Dropped, cpu, memory, total.Latency.Buckets);
                steps.Add(step);
                log(string.Create(CultureInfo.InvariantCulture,
                    $"{definition.Name}: {replicas} replica(s), {rate:0} rps offered → {step.AchievedRps:0.0} ok/s, p99 {step.P99Ms:0} ms, errors {step.ErrorRate * 100:0.#} %, started {started:HH:mm:ss}"));
            }
        }
        return ScalabilityAnalyzer.Analyze(scalability.Endpoint, steps, scalability.FixedOfferedLoadRps, scalability.MinEfficiency);
    }

    private async Task<IReadOnlyDictionary<string, double>> ByInstanceAsync(PrometheusClient prometheus, string expression, CancellationToken cancellationToken)
    {
        try
        {
            return (await prometheus.QueryAsync(expression, cancellationToken))
                .ToDictionary(r => r.Labels.GetValueOrDefault("instance", "?"), r => r.Value, StringComparer.Ordinal);
        }
        catch (HttpRequestException ex)
        {
            log($"Prometheus query failed: {ex.Message}");
            return new Dictionary<string, double>();
        }
    }
}
