using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Experiments.Report;
using MonitoringStack.Experiments.Running;

namespace MonitoringStack.AppHost.Experiments;

/// <summary>The outcome of one suite: where its report is and whether every hypothesis held.</summary>
public sealed record SuiteOutcome(ReportFiles Files, bool HypothesesHeld);

/// <summary>
/// Runs experiments on this stack, one suite at a time, whether asked from the command line
/// (<c>demo</c>, <c>experiment run</c>) or from the dashboard. Progress goes to the AppHost's log and to
/// the <c>experiments</c> resource's log; the latest report is a link of that resource (served by nginx,
/// see <see cref="ExperimentReports"/>) and its path a property.
/// </summary>
public sealed class ExperimentRuns(
    StackSettings stack,
    AspireStackDriver driver,
    ResourceNotificationService notifications,
    ResourceLoggerService resourceLogs,
    DistributedApplicationModel model,
    ILogger<ExperimentRuns> logger) : IDisposable
{
    public const string ResourceName = "experiments";
    public const string ReportProperty = "experiments.latestReport";
    public const string ReportUrlName = "latest-report";
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ExperimentCatalog Catalog { get; } = new(Path.Combine(stack.RepositoryRoot, "experiments"));

    public string OutputRoot => stack.ExperimentsOutput;

    public bool IsRunning => _gate.CurrentCount == 0;

    public void Dispose() => _gate.Dispose();

    /// <exception cref="ExperimentDefinitionException">An unknown or invalid experiment.</exception>
    /// <exception cref="InvalidOperationException">Another suite is running.</exception>
    public Task<SuiteOutcome> RunAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        RunAsync(Catalog.Select(names), cancellationToken);

    /// <summary>Runs definitions that need not be files of experiments/ (the end-to-end test's short ones).</summary>
    /// <exception cref="InvalidOperationException">Another suite is running.</exception>
    public async Task<SuiteOutcome> RunAsync(IReadOnlyList<ExperimentDefinition> definitions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        if (!await _gate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("another suite of experiments is running; wait for it (see the experiments resource's log)");
        }
        var resource = model.Resources.Single(r => r.Name == ResourceName);
        var resourceLog = resourceLogs.GetLogger(resource);
        void Log(string line)
        {
            RunLog.Progress(logger, line);
            RunLog.Progress(resourceLog, line);
        }
        try
        {
            await SetStateAsync(resource, $"Running {string.Join(", ", definitions.Select(d => d.Name))}", KnownResourceStateStyles.Info, null).ConfigureAwait(false);
            Log($"running {string.Join(", ", definitions.Select(d => d.Name))} (reports under {OutputRoot})");
            var (suite, files) = await new SuiteRunner(driver, Log).RunAsync(definitions, OutputRoot, cancellationToken).ConfigureAwait(false);
            Log($"report: {files.Html} (served at {ExperimentReports.Url(stack, files.Html)})");
            Log($"        {files.Markdown}");
            Log($"results: {files.ResultsJson}");
            Log(suite.HypothesesHeld ? "every hypothesis held" : "at least one hypothesis FAILED");
            await SetStateAsync(resource, suite.HypothesesHeld ? "Hypotheses held" : "Hypothesis failed",
                suite.HypothesesHeld ? KnownResourceStateStyles.Success : KnownResourceStateStyles.Error, files.Html).ConfigureAwait(false);
            return new SuiteOutcome(files, suite.HypothesesHeld);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log($"the suite stopped: {ex.Message}");
            await SetStateAsync(resource, "Suite failed", KnownResourceStateStyles.Error, null).ConfigureAwait(false);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task SetStateAsync(IResource resource, string state, string style, string? report) =>
        notifications.PublishUpdateAsync(resource, snapshot => snapshot with
        {
            State = new ResourceStateSnapshot(state, style),
            Properties = report is null ? snapshot.Properties : [.. snapshot.Properties.Where(p => p.Name != ReportProperty), new ResourcePropertySnapshot(ReportProperty, report)],
            Urls = report is null ? snapshot.Urls :
            [
                new UrlSnapshot(ReportUrlName, ExperimentReports.Url(stack, report).ToString(), IsInternal: false)
                {
                    DisplayProperties = new UrlDisplayPropertiesSnapshot("Latest report", 0),
                },
            ],
        });
}

internal static partial class RunLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
    public static partial void Progress(ILogger logger, string line);
}
