using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MonitoringStack.AppHost.Experiments;

/// <summary>
/// The command-line run (<c>demo</c>, <c>experiment run</c>): waits until the stack is healthy, runs the
/// suite, then stops the AppHost with the exit code (0 every hypothesis held, 3 one failed, 1 it could not run).
/// </summary>
public sealed class ExperimentSession(
    ExperimentCommandLine request,
    ExperimentRuns runs,
    StackSettings stack,
    ResourceNotificationService notifications,
    IHostApplicationLifetime lifetime,
    ILogger<ExperimentSession> logger) : BackgroundService
{
    public const int HypothesisFailed = 3;
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Failed until proven otherwise: an exception none of the catches below expects (a bug) stops the host
        // through BackgroundService's failure path, and the run must not then exit 0 as if every hypothesis held.
        Environment.ExitCode = 1;
        try
        {
            using var startLimit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            startLimit.CancelAfter(StartLimit);
            foreach (var name in stack.InitialResources)
            {
                await notifications.WaitForResourceHealthyAsync(name, startLimit.Token).ConfigureAwait(false);
            }
            var outcome = await runs.RunAsync(request.Names, stoppingToken).ConfigureAwait(false);
            Environment.ExitCode = outcome.HypothesesHeld ? 0 : HypothesisFailed;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            SessionLog.Interrupted(logger);
            Environment.ExitCode = 130;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Whatever stopped the suite, the process must not exit 0 as if every hypothesis held.
            SessionLog.Failed(logger, ex.Message);
            Environment.ExitCode = 1;
        }
        lifetime.StopApplication();
    }
}

internal static partial class SessionLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Interrupted: the report holds the experiments that finished")]
    public static partial void Interrupted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The experiments could not run: {Reason}")]
    public static partial void Failed(ILogger logger, string reason);
}
