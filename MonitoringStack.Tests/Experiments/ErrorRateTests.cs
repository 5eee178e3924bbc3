using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Report;
using MonitoringStack.Experiments.Results;

namespace MonitoringStack.Tests.Experiments;

/// <summary>Client-side against server-side error rates: the replicas' exact counts and what retries hid.</summary>
public sealed class ErrorRateTests
{
    [Fact]
    public void Server_counts_are_counter_differences_with_new_series_and_resets_counted_whole()
    {
        CounterSample[] start =
        [
            new("api-0", "GET", "200", 1000),
            new("api-1", "GET", "200", 2000),
            new("api-2", "POST", "200", 500),
        ];
        CounterSample[] end =
        [
            new("api-0", "GET", "200", 1010),
            new("api-0", "GET", "500", 12),    // created in the window: all 12 count
            new("api-0", "POST", "500", 3),
            new("api-1", "GET", "200", 2400),
            new("api-2", "POST", "200", 40),   // lower than at the start: a new process, its 40 count
        ];

        var server = ServerErrorCounts.Between(start, end);

        Assert.Equal(new ErrorCount(10 + 12 + 3 + 400 + 40, 15), server.Total);
        Assert.Equal(new ErrorCount(25, 15), server.ByInstance["api-0"]);
        Assert.Equal(new ErrorCount(400, 0), server.ByInstance["api-1"]);
        Assert.Equal(new ErrorCount(40, 0), server.ByInstance["api-2"]);
        Assert.Equal(new ErrorCount(422, 12), server.ByMethod["GET"]);
        Assert.Equal(new ErrorCount(43, 3), server.ByMethod["POST"]);
        Assert.Equal(0.6, server.ByInstance["api-0"].Rate);
    }

    [Fact]
    public void Retried_gets_are_hidden_from_clients_and_posts_are_not()
    {
        var clients = new Dictionary<string, ErrorCount> { ["GET"] = new(8250, 0), ["POST"] = new(2750, 6) };
        var server = new ServerErrors(new ErrorCount(11010, 24),
            new Dictionary<string, ErrorCount> { ["api-0"] = new(50, 24), ["api-1"] = new(5480, 0), ["api-2"] = new(5480, 0) },
            new Dictionary<string, ErrorCount> { ["GET"] = new(8260, 18), ["POST"] = new(2750, 6) });

        var comparison = ErrorRateComparison.Compare(10, 120, clients, server);

        Assert.Equal(new ErrorCount(11000, 6), comparison.Client);
        Assert.Equal(new ErrorCount(11010, 24), comparison.Server);
        Assert.Equal(18, comparison.HiddenFromClients);
        Assert.Contains("At least 18 of those 5xx never reached a client", comparison.Explanation, StringComparison.Ordinal);
        Assert.Contains("api-0 24 of 50 (48 %)", comparison.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("api-1", comparison.Explanation, StringComparison.Ordinal);
        Assert.Contains("POST 6 of 2750", comparison.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_failures_that_are_no_5xx_never_make_the_hidden_count_negative()
    {
        // A kill: clients see resets and timeouts the replicas never answered, so no 5xx at all.
        var clients = new Dictionary<string, ErrorCount> { ["GET"] = new(300, 40) };
        var server = new ServerErrors(new ErrorCount(260, 0), new Dictionary<string, ErrorCount> { ["api-0"] = new(260, 0) },
            new Dictionary<string, ErrorCount> { ["GET"] = new(260, 0) });

        var comparison = ErrorRateComparison.Compare(20, 23, clients, server);

        Assert.Equal(0, comparison.HiddenFromClients);
        Assert.Contains("answered no 5xx", comparison.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_prometheus_the_server_side_is_unknown_not_zero()
    {
        var comparison = ErrorRateComparison.Compare(0, 10, new Dictionary<string, ErrorCount> { ["GET"] = new(100, 1) }, null);

        Assert.Null(comparison.Server);
        Assert.Null(comparison.HiddenFromClients);
        Assert.Contains("not available", comparison.Explanation, StringComparison.Ordinal);
        Assert.Equal("n/a", Figures.ErrorRatesRows([Sample(comparison)]).Single()[4]);
    }

    [Fact]
    public void Client_counts_over_a_window_include_every_failure()
    {
        ClientSecond[] seconds = [new(9, 100, 0, 10), new(10, 90, 10, 20), new(11, 100, 0, 10), new(12, 50, 50, 900)];

        Assert.Equal(new ErrorCount(200, 10), Availability.Count(seconds, 10, 12));
        Assert.Equal(0.95, Availability.Count(seconds, 10, 12).Availability);
        Assert.Equal(ErrorCount.None, Availability.Count(seconds, 20, 30));
        Assert.Null(ErrorCount.None.Rate);
    }

    [Fact]
    public void Results_json_carries_both_sides_since_schema_3()
    {
        var suite = ReportWriterTests.SampleSuite();

        var json = suite.ToJson();
        var back = SuiteResult.FromJson(json);

        Assert.True(back.SchemaVersion >= 3);
        Assert.Contains("\"errorRates\"", json, StringComparison.Ordinal);
        Assert.Contains("\"hiddenFromClients\"", json, StringComparison.Ordinal);
        Assert.Contains("\"errorRate\"", json, StringComparison.Ordinal);
        var rates = back.Resilience.Single().ErrorRates!;
        Assert.Equal(new ErrorCount(300, 120), rates.Client);
        Assert.Equal(new ErrorCount(100, 50), rates.ServerByInstance["api-2"]);
    }

    private static ResilienceResult Sample(ErrorRateComparison rates) => new()
    {
        Name = "x",
        Title = "x",
        Fault = "chaos errors",
        Hypothesis = new SteadyStateHypothesis(0.99, 300),
        FaultStartSecond = 0,
        FaultEndSecond = 10,
        DurationSeconds = 10,
        Recovery = new RecoveryResult(false, null, null, ""),
        Timeline = new ExperimentTimeline { Client = [] },
        ErrorRates = rates,
    };
}
