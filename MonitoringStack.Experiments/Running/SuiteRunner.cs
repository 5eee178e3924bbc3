using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Experiments.Report;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Experiments.Running;

/// <summary>
/// Runs a list of experiments on one stack and writes results.json, report.html and report.md.
/// Results are written after every experiment, so a crash or Ctrl-C keeps what was measured so far.
/// </summary>
public sealed class SuiteRunner(IStackDriver stack, Action<string> log)
{
    public async Task<(SuiteResult Result, ReportFiles Files)> RunAsync(
        IReadOnlyList<ExperimentDefinition> definitions, string outputRoot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var runId = DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var directory = Path.Combine(outputRoot, runId);
        var suite = new SuiteResult { RunId = runId, StartedAt = DateTimeOffset.UtcNow, Machine = MachineInfo.Current() };
        var files = ReportWriter.Write(suite, directory);
        for (var i = 0; i < definitions.Count; i++)
        {
            var definition = definitions[i];
            log($"[{i + 1}/{definitions.Count}] {definition.Name}: {definition.Title}");
            using var running = stack.ExperimentRunning(definition.Name);
            if (definition.Kind == ExperimentKinds.Scalability)
            {
                var result = await new ScalabilityRunner(stack, log).RunAsync(definition, cancellationToken);
                suite = suite with { Scalability = result };
                foreach (var finding in result.Findings)
                {
                    log($"  {finding}");
                }
            }
            else if (definition.Kind == ExperimentKinds.Spike)
            {
                var result = await new SpikeRunner(stack, log).RunAsync(definition, cancellationToken);
                suite = suite with { Spike = [.. suite.Spike, result] };
                foreach (var line in SpikeFigures.Summary(result))
                {
                    log($"  {line}");
                }
            }
            else
            {
                using var runner = new ResilienceRunner(stack, log);
                var result = await runner.RunAsync(definition, cancellationToken);
                suite = suite with { Resilience = [.. suite.Resilience, result] };
                log($"  {Summary(result)}");
            }
            files = ReportWriter.Write(suite with { FinishedAt = DateTimeOffset.UtcNow }, directory);
        }
        suite = suite with { FinishedAt = DateTimeOffset.UtcNow };
        files = ReportWriter.Write(suite, directory);
        return (suite, files);
    }

    private static string Summary(ResilienceResult r)
    {
        if (r.Skipped is { } why)
        {
            return "skipped: " + why;
        }
        var row = Figures.ResilienceRows([r]).Single();
        return $"availability during fault {row[2]}, p99 during fault {row[3]}, MTTR {row[5]}, detection {row[6]}, hypothesis {row[10]}";
    }
}
