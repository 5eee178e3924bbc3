using Microsoft.Extensions.Logging;
using MonitoringStack.AppHost.Supervision;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost.Scaling;

/// <summary>
/// Sets the number of running API replicas while the stack runs. Scaling up starts the reserve replicas
/// (Aspire's Start command), waits until each answers /health, and only then lists them in Prometheus'
/// file_sd targets and nginx's upstream (graceful reload). Scaling down first takes the leaving replicas
/// out of both and lets nginx drain them, and only then stops them, so no request is sent to a replica
/// that is going away.
/// </summary>
public sealed class ReplicaScaler(
    StackSettings stack,
    RenderedConfig config,
    ResourceCommandService commands,
    ReplicaSupervisor supervisor,
    NginxReloader nginx,
    StackJournal journal,
    IHttpClientFactory httpClients,
    ILogger<ReplicaScaler> logger) : IDisposable
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public int Running { get; private set; } = stack.Topology.Replicas;

    public int Maximum => stack.Topology.MaxReplicas;

    public void Dispose() => _gate.Dispose();

    /// <summary>Raised after every completed change, with the new count.</summary>
    public event Action<int>? Scaled;

    /// <exception cref="ArgumentOutOfRangeException">Outside 1..maxReplicas.</exception>
    public async Task<ScalingRecord> ScaleAsync(int replicas, CancellationToken cancellationToken)
    {
        if (replicas < 1 || replicas > Maximum)
        {
            throw new ArgumentOutOfRangeException(nameof(replicas), replicas,
                $"replicas must be between 1 and {Maximum} (maxReplicas in config/topology.json)");
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var requestedAt = DateTimeOffset.UtcNow;
            var from = Running;
            var all = stack.Topology.PossibleApiReplicas;
            if (replicas > from)
            {
                foreach (var replica in all.Take(replicas).Skip(from))
                {
                    await StartAsync(replica, cancellationToken).ConfigureAwait(false);
                }
                await PublishAsync(all.Take(replicas), cancellationToken).ConfigureAwait(false);
            }
            else if (replicas < from)
            {
                await PublishAsync(all.Take(replicas), cancellationToken).ConfigureAwait(false);
                foreach (var replica in all.Take(from).Skip(replicas))
                {
                    supervisor.ExpectStop(replica.Name);
                    var result = await commands.ExecuteCommandAsync(replica.Name, KnownResourceCommands.StopCommand, cancellationToken).ConfigureAwait(false);
                    if (!result.Success)
                    {
                        ScalerLog.StopFailed(logger, replica.Name, result.Message ?? "unknown error");
                    }
                }
            }
            Running = replicas;
            var record = new ScalingRecord(requestedAt, from, replicas, DateTimeOffset.UtcNow);
            journal.Scaled(record);
            ScalerLog.Scaled(logger, from, replicas, (record.CompletedAt - record.RequestedAt).TotalSeconds);
            Scaled?.Invoke(replicas);
            return record;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StartAsync(ApiReplica replica, CancellationToken cancellationToken)
    {
        var result = await commands.ExecuteCommandAsync(replica.Name, KnownResourceCommands.StartCommand, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{replica.Name} did not start: {result.Message}");
        }
        // Ready means the replica itself answers /health on its port, which is what nginx and Prometheus will use.
        var health = new Uri($"http://127.0.0.1:{replica.Port}/health");
        if (await HttpReadiness.WaitAsync(httpClients, health, ReadyLimit, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new TimeoutException($"{replica.Name} did not answer {health} within {ReadyLimit.TotalSeconds:0} s");
        }
    }

    private async Task PublishAsync(IEnumerable<ApiReplica> replicas, CancellationToken cancellationToken)
    {
        var list = replicas.ToArray();
        StackConfigRenderer.WriteApiTargets(config, stack.Topology, list);
        StackConfigRenderer.WriteNginxUpstreams(config, stack.Topology, list);
        await nginx.ReloadAsync(cancellationToken).ConfigureAwait(false);
    }
}

internal static partial class ScalerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Scaled API replicas {From} -> {To} in {Seconds:0.0} s")]
    public static partial void Scaled(ILogger logger, int from, int to, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Resource} did not stop: {Error}")]
    public static partial void StopFailed(ILogger logger, string resource, string error);
}
