using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonitoringStack.Experiments.Compare;

namespace MonitoringStack.AppHost.Experiments;

/// <summary>
/// The command-line run (<c>demo</c>, <c>experiment run</c>): waits until the stack is healthy, runs the
/// suite, then stops the AppHost with the exit code (0 every hypothesis held, 3 one failed, 1 it could not run).
/// With <c>--baseline</c> the run is then compared with the baseline and exits as <c>experiment compare</c> does
/// (4 a figure worse, 2 nothing to compare), except that 3 (a hypothesis failed) takes precedence.
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
            var exitCode = outcome.HypothesesHeld ? 0 : HypothesisFailed;
            if (request.Comparison.Baseline is { } baseline)
            {
                var compared = CompareWithBaseline(baseline, outcome.Files.ResultsJson);
                exitCode = exitCode == HypothesisFailed ? HypothesisFailed : compared;
            }
            Environment.ExitCode = exitCode;
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

    private int CompareWithBaseline(string baseline, string candidate)
    {
        using var output = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        var exitCode = CompareCommand.Run(baseline, candidate, request.Comparison.Settings, output, output);
        foreach (var line in output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
        {
            RunLog.Progress(logger, line);
        }
        return exitCode;
    }
}

internal static partial class SessionLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Interrupted: the report holds the experiments that finished")]
    public static partial void Interrupted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The experiments could not run: {Reason}")]
    public static partial void Failed(ILogger logger, string reason);
}
