using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.AppHost.Experiments;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Experiments.Report;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// A short kill experiment run for real on the AppHost-orchestrated stack, through the same driver the
/// <c>demo</c> and the dashboard's commands use: the figures in results.json must show the fault, the
/// AppHost's restart, the notified alert and the load that went through.
/// </summary>
[Collection(RunningAppHostGroup.Name)]
public sealed class ExperimentOnAppHostTests(RunningAppHost stack)
{
    [Fact]
    public async Task Kill_experiment_records_the_restart_the_notified_alert_and_plausible_figures()
    {
        var definition = ExperimentLoader.Parse("""
            name: kill-e2e
            title: Replica killed (test)
            replicas: 3
            hypothesis: { minAvailability: 0.99, maxP99Ms: 1000 }
            load:
              rate: 40
              durationSeconds: 20
              mix: { "GET /": 1, "GET /data/{id}": 1 }
            method:
              - at: 5
                action: kill
                target: api-1
                keepDownSeconds: 6
            expectedAlerts: [AppDown]
            """);
        var driver = stack.App.Services.GetRequiredService<AspireStackDriver>();
        SuiteOutcome outcome;
        try
        {
            // Through ExperimentRuns, as the dashboard's command and `experiment run` do: report and link included.
            outcome = await stack.App.Services.GetRequiredService<ExperimentRuns>().RunAsync([definition], CancellationToken.None);
        }
        finally
        {
            // The other end-to-end tests expect the stack as it started.
            await driver.ScaleAsync(MonitoringStack.AppHost.ApiReplicaResources.SetName, RunningAppHost.StartReplicas, CancellationToken.None);
        }
        var read = SuiteResult.FromJson(await File.ReadAllTextAsync(outcome.Files.ResultsJson)).Resilience.Single();

        Assert.Null(read.Skipped);
        Assert.InRange(read.FaultStartSecond, 4.5, 7);
        Assert.Contains(read.Restarts, r => r.Resource == "api-1");
        Assert.Contains("AppDown", read.AlertsFired);
        var appDown = read.Detection.Single(d => d.AlertName == "AppDown");
        Assert.NotNull(appDown.FiringSeconds);
        Assert.NotNull(appDown.NotifiedSeconds);
        Assert.InRange(appDown.NotifiedSeconds!.Value, 0, 30);
        Assert.InRange(read.AvailabilityOverall!.Value, 0.9, 1.0);
        Assert.NotNull(read.P99DuringFaultMs);
        Assert.True(read.Timeline.Client.Sum(s => s.Total) >= 20 * 40 * 0.9, "the load generator sent about rate × duration requests");
        Assert.NotEmpty(read.Timeline.CpuByInstance);
        Assert.Contains(read.LogLines, l => l.Contains("kill api-1", StringComparison.Ordinal));
        Assert.Contains(read.LogLines, l => l.Contains("orchestrator: api-1", StringComparison.Ordinal));
        await The_dashboard_links_the_report_nginx_serves(outcome.Files);
    }

    private async Task The_dashboard_links_the_report_nginx_serves(ReportFiles files)
    {
        Assert.True(stack.App.ResourceNotifications.TryGetCurrentState(ExperimentRuns.ResourceName, out var state));
        var link = Assert.Single(state.Snapshot.Urls, u => u.Name == ExperimentRuns.ReportUrlName);
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(link.Url));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllTextAsync(files.Html), await response.Content.ReadAsStringAsync());
    }
}
