using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace MonitoringStack.Hosting;

/// <summary>
/// Sets the number of running replicas of a set while the application runs. Scaling up starts the reserve
/// replicas (Aspire's Start command) all at once and lists each (Prometheus' file_sd targets, nginx's upstream
/// with a graceful reload) as soon as it answers its health path, so the first to be ready serves without
/// waiting for the slowest. Scaling down first takes the leaving replicas out of both and lets nginx drain
/// them, and only then stops them, so no request is sent to a replica that is going away.
/// </summary>
public sealed class ReplicaScaler(
    ResourceCommandService commands,
    ReplicaSupervisor supervisor,
    MonitoringJournal journal,
    IHttpClientFactory httpClients,
    ILogger<ReplicaScaler> logger) : IDisposable
{
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    /// <exception cref="ArgumentOutOfRangeException">Outside 1..the set's number of replicas.</exception>
    public async Task<ScalingRecord> ScaleAsync(ReplicaSetResource set, int replicas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (replicas < 1 || replicas > set.Replicas.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(replicas), replicas, $"replicas of {set.Name} must be between 1 and {set.Replicas.Count}");
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var requestedAt = DateTimeOffset.UtcNow;
            var from = set.Running;
            IReadOnlyList<ReplicaJoin>? joined = null;
            if (replicas > from)
            {
                joined = await ScaleUpAsync(set, replicas, cancellationToken).ConfigureAwait(false);
            }
            else if (replicas < from)
            {
                set.Running = replicas;
                await set.PublishChangeAsync(cancellationToken).ConfigureAwait(false);
                foreach (var replica in set.Replicas.Take(from).Skip(replicas))
                {
                    await StopAsync(replica, cancellationToken).ConfigureAwait(false);
                }
            }
            var record = new ScalingRecord(requestedAt, from, replicas, DateTimeOffset.UtcNow, set.Name, joined);
            journal.Scaled(record);
            ScalerLog.Scaled(logger, set.Name, from, replicas, (record.CompletedAt - record.RequestedAt).TotalSeconds);
            set.RaiseScaled(replicas);
            return record;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Starts the new replicas together; each joins on its own when ready, and the joins are returned in their
    /// order. When one does not come up, the set keeps the replicas that joined in an unbroken run from the
    /// first and stops the others it had started.
    /// </summary>
    private async Task<IReadOnlyList<ReplicaJoin>> ScaleUpAsync(ReplicaSetResource set, int replicas, CancellationToken cancellationToken)
    {
        var started = new ConcurrentBag<ProjectResource>();
        try
        {
            var joins = await Task.WhenAll(set.BeginScaleUp(replicas).Select(r => StartAndJoinAsync(set, r, started, cancellationToken))).ConfigureAwait(false);
            return [.. joins.OrderBy(j => j.JoinedAt)];
        }
        catch
        {
            var dropped = set.AbandonScaleUp();
            await set.PublishChangeAsync(CancellationToken.None).ConfigureAwait(false);
            foreach (var replica in dropped.Intersect(started))
            {
                await StopAsync(replica, CancellationToken.None).ConfigureAwait(false);
            }
            throw;
        }
    }

    private async Task<ReplicaJoin> StartAndJoinAsync(ReplicaSetResource set, ProjectResource replica, ConcurrentBag<ProjectResource> started, CancellationToken cancellationToken)
    {
        var result = await commands.ExecuteCommandAsync(replica, KnownResourceCommands.StartCommand, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{replica.Name} did not start: {result.Message}");
        }
        started.Add(replica);
        // Ready means the replica itself answers on its own port, which is what nginx and Prometheus will use.
        var health = ReplicaHealth.Url(set, replica);
        if (await HttpReadiness.WaitAsync(httpClients, health, ReadyLimit, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new TimeoutException($"{replica.Name} did not answer {health} within {ReadyLimit.TotalSeconds:0} s");
        }
        // Joined once the change handlers are done: targets written and nginx reloaded onto the new upstream.
        await set.JoinAsync(replica, cancellationToken).ConfigureAwait(false);
        ScalerLog.Joined(logger, replica.Name, set.Name);
        return new ReplicaJoin(replica.Name, DateTimeOffset.UtcNow);
    }

    private async Task StopAsync(ProjectResource replica, CancellationToken cancellationToken)
    {
        supervisor.ExpectStop(replica.Name);
        var result = await commands.ExecuteCommandAsync(replica, KnownResourceCommands.StopCommand, cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            ScalerLog.StopFailed(logger, replica.Name, result.Message ?? "unknown error");
        }
    }
}

/// <summary>Where a replica answers when it is ready: its health path on its own endpoint.</summary>
internal static class ReplicaHealth
{
    public static Uri Url(ReplicaSetResource set, ProjectResource replica) =>
        new($"http://127.0.0.1:{replica.GetEndpoint(set.EndpointName).Port}{set.HealthPath}");
}

internal static partial class ScalerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Scaled {Set} {From} -> {To} in {Seconds:0.0} s")]
    public static partial void Scaled(ILogger logger, string set, int from, int to, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource} is ready and joined {Set}")]
    public static partial void Joined(ILogger logger, string resource, string set);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Resource} did not stop: {Error}")]
    public static partial void StopFailed(ILogger logger, string resource, string error);
}
