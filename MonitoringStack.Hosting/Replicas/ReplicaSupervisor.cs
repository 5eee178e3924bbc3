using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MonitoringStack.Hosting;

/// <summary>
/// The replicas' restart policy (Kubernetes' restartPolicy: Always, with CrashLoopBackOff), built on
/// Aspire's own services: it watches resource notifications, and when a replica's process exits while
/// the replica was Running (not after a Stop, a scale-down or the AppHost shutting down) it runs the
/// resource's Start command after <see cref="RestartBackoff"/>'s delay. Every restart is journaled and
/// logged to the replica's own log in the dashboard.
/// </summary>
public sealed class ReplicaSupervisor(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLogs,
    MonitoringJournal journal,
    FaultBoard faults,
    IHttpClientFactory httpClients,
    IHostApplicationLifetime lifetime,
    ILogger<ReplicaSupervisor> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ReplicaWatch> _replicas = new(StringComparer.Ordinal);

    /// <summary>The next exit of <paramref name="resource"/> is on purpose (scale-down, stop): do not restart it.</summary>
    public void ExpectStop(string resource) => Watch(resource).StopExpected = true;

    /// <summary>Keeps the next restart of <paramref name="resource"/> back for at least <paramref name="hold"/> (a kill that must be seen down).</summary>
    public void HoldNextRestart(string resource, TimeSpan hold) => Watch(resource).Hold = hold;

    /// <summary>Restarts so far, per replica.</summary>
    public int RestartCount(string resource) => Watch(resource).Restarts;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                if (update.Resource is not ProjectResource replica || replica.Annotations.OfType<ReplicaSetMemberAnnotation>().FirstOrDefault() is not { } member)
                {
                    continue;
                }
                var watch = Watch(update.Resource.Name);
                var state = update.Snapshot.State?.Text;
                var previous = watch.State;
                watch.State = state;
                if (state == previous)
                {
                    continue;
                }
                if (state == KnownResourceStates.Running)
                {
                    watch.RunningSince = DateTimeOffset.UtcNow;
                    watch.StopExpected = false;
                }
                else if (state == KnownResourceStates.Stopping)
                {
                    // Aspire's Stop (dashboard button, scale-down): the exit that follows is wanted.
                    watch.StopExpected = true;
                }
                else if (IsExit(state) && previous == KnownResourceStates.Running && !watch.StopExpected && !lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    _ = RestartAsync(replica, member.Set, watch, update.Snapshot.ExitCode, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The AppHost is shutting down (or was built and disposed without starting).
        }
    }

    private static bool IsExit(string? state) =>
        state == KnownResourceStates.Exited || state == KnownResourceStates.Finished || state == KnownResourceStates.FailedToStart;

    private async Task RestartAsync(ProjectResource resource, ReplicaSetResource set, ReplicaWatch watch, int? exitCode, CancellationToken cancellationToken)
    {
        var exitedAt = DateTimeOffset.UtcNow;
        var ranFor = watch.RunningSince is { } since ? exitedAt - since : (TimeSpan?)null;
        var delay = watch.Backoff.NextDelay(ranFor);
        if (watch.Hold is { } hold)
        {
            watch.Hold = null;
            delay = hold > delay ? hold : delay;
        }
        // An exit nobody asked for is a crash on the dashboards; a kill's window is already open and goes on.
        if (!faults.IsActive("kill", resource.Name))
        {
            faults.Started("crash", resource.Name);
        }
        var reason = $"process exited with code {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} after {ranFor?.TotalSeconds ?? 0:0.#} s";
        var resourceLog = resourceLogs.GetLogger(resource);
        SupervisorLog.Restarting(resourceLog, resource.Name, reason, delay.TotalSeconds, watch.Backoff.Attempt);
        try
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            if (watch.StopExpected || lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return;
            }
            var result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken).ConfigureAwait(false);
            if (!result.Success)
            {
                SupervisorLog.RestartFailed(logger, resource.Name, result.Message ?? "unknown error");
                return;
            }
            watch.Restarts++;
            var restartedAt = DateTimeOffset.UtcNow;
            // When the restarted replica answers its health path on its own port: what MTTR is measured to (null after a minute).
            var readyAt = await HttpReadiness.WaitAsync(httpClients, ReplicaHealth.Url(set, resource), TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
            journal.Restarted(new RestartRecord(exitedAt, restartedAt, resource.Name, exitCode, reason, watch.Backoff.Attempt, delay.TotalSeconds, readyAt));
            if (readyAt is not null)
            {
                // Serving again: the kill or crash is over (one that never answers stays open, as it is).
                faults.Ended("kill", resource.Name);
                faults.Ended("crash", resource.Name);
            }
            SupervisorLog.Restarted(resourceLog, resource.Name, watch.Restarts);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: nothing to restart.
        }
    }

    private ReplicaWatch Watch(string resource) => _replicas.GetOrAdd(resource, _ => new ReplicaWatch());

    private sealed class ReplicaWatch
    {
        public string? State { get; set; }
        public DateTimeOffset? RunningSince { get; set; }
        public volatile bool StopExpected;
        public TimeSpan? Hold { get; set; }
        public int Restarts { get; set; }
        public RestartBackoff Backoff { get; } = new();
    }
}

internal static partial class SupervisorLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource}: {Reason}; restarting in {DelaySeconds:0.#} s (crash {Attempt} in a row)")]
    public static partial void Restarting(ILogger logger, string resource, string reason, double delaySeconds, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource} restarted by the AppHost (restart {Count})")]
    public static partial void Restarted(ILogger logger, string resource, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Resource} could not be restarted: {Error}")]
    public static partial void RestartFailed(ILogger logger, string resource, string error);
}
