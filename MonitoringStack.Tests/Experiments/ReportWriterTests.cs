using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Report;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Tests.Experiments;

public sealed class ReportWriterTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ms-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    internal static SuiteResult SampleSuite()
    {
        var client = Enumerable.Range(0, 60)
            .Select(t => t is >= 20 and < 23 ? new ClientSecond(t, 60, 40, 250) : new ClientSecond(t, 100, 0, 35))
            .ToArray();
        var hypothesis = new SteadyStateHypothesis(0.999, 300);
        var kill = new ResilienceResult
        {
            Name = "kill-replica",
            Title = "Replica killed",
            Fault = "kill -9",
            Target = "api-1",
            Hypothesis = hypothesis,
            FaultStartSecond = 20,
            FaultEndSecond = 23,
            DurationSeconds = 60,
            AvailabilityDuringFault = Availability.Over(client, 20, 23),
            AvailabilityOverall = Availability.Over(client, 0, 60),
            ErrorBudgetSpent = Availability.ErrorBudgetSpent(client, 0, 60, 0.999),
            Recovery = Recovery.Measure(client, 20, hypothesis),
            ErrorRates = ErrorRateComparison.Compare(20, 23,
                new Dictionary<string, ErrorCount> { ["GET"] = new(225, 90), ["POST"] = new(75, 30) },
                new ServerErrors(new ErrorCount(310, 150),
                    new Dictionary<string, ErrorCount> { ["api-0"] = new(100, 0), ["api-1"] = new(110, 100), ["api-2"] = new(100, 50) },
                    new Dictionary<string, ErrorCount> { ["GET"] = new(230, 110), ["POST"] = new(80, 40) })),
            AlertsExpected = ["AppDown"],
            AlertsFired = ["AppDown"],
            Restarts = [new RestartRecord("api-1", 21.2, "exited with signal 9")],
            LogLines = ["api-1 exited (signal 9); restarting in 0.5 s"],
            Violations = ["availability during the fault was 60 %, below 99.9 %"],
            Timeline = new ExperimentTimeline
            {
                Client = client,
                CpuByInstance = [new NamedSeries("api-0", Enumerable.Range(0, 12).Select(i => new TimePoint(i * 5, 0.2)).ToArray())],
                MemoryMbByInstance = [new NamedSeries("api-0", Enumerable.Range(0, 12).Select(i => new TimePoint(i * 5, 120)).ToArray())],
                Alerts = [new AlertMark("AppDown", 27, "firing")],
            },
        };
        var scaling = new ScalabilityResult
        {
            Endpoint = "POST /process",
            Steps = [new ScalingStep(1, 100, 79, 0.2, 48, 50, 60, 0, new Dictionary<string, double> { ["api-0"] = 0.1 }, new Dictionary<string, double> { ["api-0"] = 110 })],
            PerReplicaCount = [new ScalingSummary(1, 79, 1, 60), new ScalingSummary(2, 155, 0.98, 52), new ScalingSummary(4, 300, 0.95, 50)],
            Usl = UslFitter.Fit([new ScalingPoint(1, 79), new ScalingPoint(2, 155), new ScalingPoint(4, 300)]),
            FixedOfferedLoadRps = 60,
            Findings = ["With 1 replica the API served 79 rps; with 4, 300 rps (efficiency 0.95)."],
        };
        return new SuiteResult
        {
            RunId = "20260101-120000",
            StartedAt = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero),
            Machine = MachineInfo.Current(),
            Scalability = scaling,
            Resilience = [kill],
        };
    }

    [Fact]
    public void Writes_results_json_self_contained_html_and_markdown_with_charts()
    {
        var files = ReportWriter.Write(SampleSuite(), _directory);

        var html = File.ReadAllText(files.Html);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.Contains("Replica killed", html, StringComparison.Ordinal);
        Assert.Contains("FAILED", html, StringComparison.Ordinal);

        var markdown = File.ReadAllText(files.Markdown);
        foreach (var image in System.Text.RegularExpressions.Regex.Matches(markdown, @"\(charts/([^)]+\.png)\)").Select(m => m.Groups[1].Value))
        {
            var png = File.ReadAllBytes(Path.Combine(_directory, "charts", image));
            Assert.True(png.Length > 1000, $"{image} is suspiciously small");
            Assert.Equal(0x89, png[0]);
        }
        Assert.True(Directory.GetFiles(Path.Combine(_directory, "charts")).Length >= 6);
    }

    [Fact]
    public void Results_json_round_trips_and_keeps_the_verdict()
    {
        var suite = SampleSuite();
        var files = ReportWriter.Write(suite, _directory);

        var bytes = File.ReadAllBytes(files.ResultsJson);
        Assert.Equal((byte)'{', bytes[0]); // no byte-order mark: jq and Python's json refuse one
        var read = SuiteResult.FromJson(File.ReadAllText(files.ResultsJson));

        Assert.Equal(suite.RunId, read.RunId);
        Assert.False(read.HypothesesHeld);
        Assert.Equal(3, read.Resilience[0].Recovery.MttrSeconds);
        Assert.Equal(0.95, read.Scalability!.PerReplicaCount[2].Efficiency);
        Assert.Equal(60, read.Resilience[0].Timeline.Client.Count);
    }

    [Fact]
    public void A_spike_shows_its_variants_side_by_side_with_charts_on_one_time_axis()
    {
        var suite = SampleSuite() with { Resilience = [], Spike = [SpikeAnalysisTests.SampleResult()] };

        var files = ReportWriter.Write(suite, _directory);

        var markdown = File.ReadAllText(files.Markdown);
        Assert.Contains("## Traffic spike: Traffic spike", markdown, StringComparison.Ordinal);
        Assert.Contains("|  | fixed (autoscaler off) | autoscaled (autoscaler on) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| replicas: start / peak / end | 1 / 1 / 1 | 1 / 5 / 1 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| spike start → first new replica serving | none | 15.0 s |", markdown, StringComparison.Ordinal);
        Assert.Contains("Budget ratio (autoscaled / fixed): 0.200.", markdown, StringComparison.Ordinal);
        Assert.Contains("+37.0 s replicas 1 -> 5, complete at +45.0 s", markdown, StringComparison.Ordinal);
        foreach (var chart in new[] { "replicas", "throughput", "latency", "errors" })
        {
            Assert.Contains($"(charts/traffic-spike-{chart}.png)", markdown, StringComparison.Ordinal);
            Assert.True(new FileInfo(Path.Combine(_directory, "charts", $"traffic-spike-{chart}.png")).Length > 1000);
        }
        Assert.Contains("Traffic spike: replicas serving", File.ReadAllText(files.Html), StringComparison.Ordinal);
    }

    [Fact]
    public void A_spike_round_trips_through_results_json_and_its_verdict_counts_in_the_suites()
    {
        var spike = SpikeAnalysisTests.SampleResult();
        var suite = SampleSuite() with { Resilience = [], Scalability = null, Spike = [spike] };
        Assert.True(suite.HypothesesHeld, string.Join("; ", spike.Violations));

        var files = ReportWriter.Write(suite with { Spike = [spike with { Violations = ["late"] }] }, _directory);

        var read = SuiteResult.FromJson(File.ReadAllText(files.ResultsJson));
        Assert.Equal(SuiteResult.CurrentSchemaVersion, read.SchemaVersion);
        Assert.False(read.HypothesesHeld);
        var variants = read.Spike.Single().Variants;
        Assert.Equal(["fixed", "autoscaled"], variants.Select(v => v.Name));
        Assert.Equal(12, variants[1].BackWithinSlo.MttrSeconds);
        Assert.Equal(7_200, variants[0].Shed);
        Assert.Equal(180, variants[1].Timeline.Client.Count);
        Assert.Equal(spike.Variants[1].Timeline.Replicas, variants[1].Timeline.Replicas);
        Assert.Equal(0.2, read.Spike.Single().BudgetRatio!.Value, 6);
    }

    /// <summary>An alert that fired but was never notified is a failure in every view of the report, with what happened.</summary>
    [Fact]
    public void An_alert_fired_but_never_notified_shows_as_a_failure_with_its_bound_decomposed()
    {
        var start = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var bound = new DetectionBound([new BoundTerm("scrape", 0, 9, "next scrape"), new BoundTerm("evaluation", 0, 5, "next evaluation")]);
        var detection = Detection.Measure("AppDown", start, bound, [new AlertFiring("AppDown", start.AddSeconds(6.3))], []);
        var suite = SampleSuite();
        suite = suite with
        {
            Resilience = [suite.Resilience[0] with { Detection = [detection], Violations = [.. Detection.Violations([detection])] }],
        };

        var files = ReportWriter.Write(suite, _directory);

        var markdown = File.ReadAllText(files.Markdown);
        Assert.Contains("## Detection: every expected alert", markdown, StringComparison.Ordinal);
        Assert.Contains("FAILED: fired, never notified", markdown, StringComparison.Ordinal);
        Assert.Contains("AppDown: fired in Prometheus at +6.3 s, never notified", markdown, StringComparison.Ordinal);
        Assert.Contains("scrape 0–9 s + evaluation 0–5 s", markdown, StringComparison.Ordinal);
        Assert.Contains("AppDown: never / 0–14 s FAILED", markdown, StringComparison.Ordinal);
        var read = SuiteResult.FromJson(File.ReadAllText(files.ResultsJson));
        Assert.Equal(SuiteResult.CurrentSchemaVersion, read.SchemaVersion);
        Assert.False(read.HypothesesHeld);
        var result = Assert.Single(read.Resilience[0].Detection);
        Assert.Equal(DetectionOutcome.NotNotified, result.Outcome);
        Assert.False(result.WithinBound);
        Assert.Equal(["scrape", "evaluation"], result.Bound.Select(t => t.Name));
        Assert.Contains("\"outcome\": \"notNotified\"", File.ReadAllText(files.ResultsJson), StringComparison.Ordinal);
    }
}
