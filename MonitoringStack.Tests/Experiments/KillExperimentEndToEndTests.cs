using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Experiments.Report;
using MonitoringStack.Experiments.Results;
using MonitoringStack.Lab.Experiments;
using MonitoringStack.Lab.Stack;
using MonitoringStack.Tests.Infrastructure;
using MonitoringStack.Topology;
using Xunit.Abstractions;

namespace MonitoringStack.Tests.Experiments;

/// <summary>
/// Runs a short kill experiment for real: real API replicas, nginx, Prometheus, Alertmanager and the
/// Lab's webhook receiver on free loopback ports, then checks the figures in results.json.
/// </summary>
public sealed class KillExperimentEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "ms-exp-" + Guid.NewGuid().ToString("N"));
    private LocalStack? _stack;

    public async Task InitializeAsync()
    {
        var root = StackTopology.FindRepositoryRoot();
        var topology = new StackTopology
        {
            Replicas = 3,
            ApiBasePort = FreePorts.NextBlock(3),
            MaxReplicas = 3,
            Ports = new ComponentPorts
            {
                Nginx = FreePorts.Next(), NginxStatus = FreePorts.Next(), Prometheus = FreePorts.Next(),
                Alertmanager = FreePorts.Next(), Grafana = FreePorts.Next(), NodeExporter = FreePorts.Next(),
                NginxExporter = FreePorts.Next(), LoadGenMetrics = FreePorts.Next(), WebhookReceiver = FreePorts.Next(),
                LabControl = FreePorts.Next(),
            },
        };
        _stack = await LocalStack.StartAsync(new LabOptions
        {
            RepositoryRoot = root,
            Topology = topology,
            StateDirectory = _state,
            Build = false,
            // The test project references the API, so its build output sits beside this assembly.
            ApiAssembly = Path.Combine(AppContext.BaseDirectory, "MonitoringStack.Api.dll"),
            ServeControl = false,
            StartGrafana = false,
        }, line => output.WriteLine("lab: " + line));
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.StopAsync();
            await _stack.DisposeAsync();
        }
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }

    [Fact]
    public async Task Kill_experiment_records_the_restart_the_alert_and_plausible_figures()
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
        var directory = Path.Combine(_state, "report");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var runner = new ResilienceRunner(_stack!, http, line => output.WriteLine(line));

        var result = await runner.RunAsync(definition, CancellationToken.None);
        var files = ReportWriter.Write(new SuiteResult
        {
            RunId = "e2e", StartedAt = DateTimeOffset.UtcNow, Machine = MachineInfo.Current(), Resilience = [result],
        }, directory);
        var read = SuiteResult.FromJson(await File.ReadAllTextAsync(files.ResultsJson)).Resilience.Single();

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
        Assert.True(File.Exists(files.Html));
    }
}
