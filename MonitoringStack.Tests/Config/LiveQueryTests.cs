namespace MonitoringStack.Tests.Config;

/// <summary>
/// Every dashboard query and every recording rule, evaluated against a live Prometheus scraping real
/// API replicas under traffic: none may be invalid, none may come back without data.
/// </summary>
public sealed class LiveQueryTests(LiveStackFixture stack) : IClassFixture<LiveStackFixture>
{
    /// <summary>Rules use 1m windows and the API is scraped every 5 s: data shows within ~15 s; 90 s is the bound.</summary>
    private static readonly TimeSpan DataTimeout = TimeSpan.FromSeconds(90);

    public static TheoryData<string> ApiDashboards() => ["monitoringstack-overview", "monitoringstack-slo"];

    [Theory]
    [MemberData(nameof(ApiDashboards))]
    public async Task Every_panel_variable_and_annotation_query_of_the_dashboard_returns_data(string uid)
    {
        var file = DashboardQueries.PathOf(uid);
        await stack.WaitForApiTargetsUpAsync(TimeSpan.FromSeconds(30));
        var variables = await ResolveWithRetryAsync(file);
        var queries = DashboardQueries.Queries(file).Select(q => (Name: $"{q.Panel}", Query: DashboardQueries.Substitute(q.Expression, variables))).ToArray();

        Assert.NotEmpty(queries);
        Assert.All(queries, q => Assert.DoesNotContain("$", q.Query, StringComparison.Ordinal));
        await AssertAllHaveDataAsync(queries);
    }

    [Fact]
    public async Task Every_recording_rule_returns_data()
    {
        await stack.WaitForApiTargetsUpAsync(TimeSpan.FromSeconds(30));
        var queries = RuleFiles.RecordingRules
            .Select(r => (Name: r.ToString(), Query: r.Record + (r.Labels.Count == 0 ? "" : "{" + string.Join(", ", r.Labels.Select(l => $"{l.Key}=\"{l.Value}\"")) + "}")))
            .ToArray();

        Assert.NotEmpty(queries);
        await AssertAllHaveDataAsync(queries);
    }

    /// <summary>
    /// The queries that matter in the official ASP.NET Core dashboards (grafana.com 19924 "ASP.NET Core"
    /// and 19925 "ASP.NET Core Endpoint", shipped in dotnet/aspire-samples' Metrics sample), re-typed
    /// here with their variables: they must work against our series because the API keeps the standard
    /// OpenTelemetry names and our targets carry job and instance.
    /// </summary>
    [Fact]
    public async Task Official_aspnetcore_dashboard_queries_work_against_our_series()
    {
        await stack.WaitForApiTargetsUpAsync(TimeSpan.FromSeconds(30));
        await stack.WaitForLoadGenTargetUpAsync(TimeSpan.FromSeconds(30));
        var jobs = await stack.Prometheus.LabelValuesAsync("http_server_active_requests", "job");
        var instances = await stack.Prometheus.LabelValuesAsync("http_server_active_requests{job=~\"api\"}", "instance");
        // The load generator worker is an ASP.NET Core app with the same service defaults: its own
        // server series carry job="loadgen", so the official dashboard's job variable offers both.
        Assert.Equal(["api", "loadgen"], jobs);
        Assert.Equal(["api-0", "api-1"], instances);
        var variables = new Dictionary<string, string>
        {
            ["job"] = "api", ["instance"] = "(api-0|api-1)", ["route"] = "/process", ["method"] = "POST",
        };
        string[] official =
        [
            "histogram_quantile(0.99, sum(rate(http_server_request_duration_seconds_bucket{job=~\"$job\", instance=~\"$instance\"}[$__range])) by (le))",
            "sum(rate(http_server_request_duration_seconds_bucket{job=~\"$job\", instance=~\"$instance\", http_response_status_code=~\"4..|5..\"}[$__range]) or vector(0)) / sum(rate(http_server_request_duration_seconds_bucket{job=~\"$job\", instance=~\"$instance\"}[$__range]))",
            "sum(kestrel_active_connections{job=~\"$job\", instance=~\"$instance\"})",
            "sum(http_server_active_requests{job=~\"$job\", instance=~\"$instance\"})",
            "sum(increase(http_server_request_duration_seconds_count{job=~\"$job\", instance=~\"$instance\"}[$__range]))",
            "sum(increase(http_server_request_duration_seconds_count{job=~\"$job\", instance=~\"$instance\", error_type!=\"\"}[$__range]))",
            "sum by (url_scheme) (increase(http_server_request_duration_seconds_count{job=~\"$job\", instance=~\"$instance\"}[$__range]))",
            "topk(10, sum by (http_route, http_request_method, method_route) (label_join(floor(increase(http_server_request_duration_seconds_count{job=~\"$job\", instance=~\"$instance\", http_route!=\"\"}[$__range])), \"method_route\", \" \", \"http_request_method\", \"http_route\")))",
            // Endpoint dashboard (single job/instance/route/method).
            "histogram_quantile(0.99, sum(rate(http_server_request_duration_seconds_bucket{job=\"$job\", instance=\"api-0\", http_route=\"$route\", http_request_method=\"$method\"}[5m])) by (le))",
            "sum by (error_type) (max_over_time(http_server_request_duration_seconds_count{http_route=\"$route\", http_request_method=\"$method\", error_type!=\"\"}[$__rate_interval]))",
        ];

        await AssertAllHaveDataAsync(official.Select(q => (Name: "official", Query: DashboardQueries.Substitute(q, variables))).ToArray());
    }

    /// <summary>
    /// The load generator dashboard against the fixture's real worker (job "loadgen", 20 requests/s to
    /// api-1): its series show after its first scrapes; rates over 20s need a few more (5 s scrape interval).
    /// </summary>
    [Fact]
    public async Task Every_load_generator_dashboard_query_returns_data()
    {
        var file = DashboardQueries.PathOf("monitoringstack-loadgen");
        await stack.WaitForApiTargetsUpAsync(TimeSpan.FromSeconds(30));
        await stack.WaitForLoadGenTargetUpAsync(TimeSpan.FromSeconds(30));
        var variables = await ResolveWithRetryAsync(file);
        var queries = DashboardQueries.Queries(file).Select(q => (Name: q.Panel, Query: DashboardQueries.Substitute(q.Expression, variables))).ToArray();

        Assert.NotEmpty(queries);
        Assert.All(queries, q => Assert.DoesNotContain("$", q.Query, StringComparison.Ordinal));
        await AssertAllHaveDataAsync(queries);
    }

    /// <summary>
    /// Done-when of "every fault on the dashboards": a fault marked on the AppHost's fault board (as the pause and
    /// resume commands mark it) and scraped by the real Prometheus. Grafana draws the annotation from a range query
    /// of its expression, one region per run of 1s: that region must start when the fault started and stop when it
    /// ended (within a scrape), and the query at "now" must return nothing once it is over.
    /// </summary>
    [Fact]
    public async Task The_stack_faults_annotation_returns_the_fault_window()
    {
        const string Target = "api-0";
        await stack.WaitForFaultsTargetUpAsync(TimeSpan.FromSeconds(30));
        var query = DashboardQueries.StackFaultsAnnotation;
        async Task<double?> PauseAsync() => (await stack.Prometheus.QueryAsync(query))
            .Where(s => s.Labels.GetValueOrDefault("fault") == "pause" && s.Labels.GetValueOrDefault("target") == Target)
            .Select(s => (double?)s.Value).SingleOrDefault();

        var started = DateTimeOffset.UtcNow;
        stack.Faults.Started("pause", Target);
        await Eventually.AssertAsync(async () => await PauseAsync() == 1, () => $"the annotation returns pause on {Target} while it is in force\n{stack.Diagnostics}", TimeSpan.FromSeconds(30));
        // Two more scrapes inside the window, so it spans several samples.
        await Task.Delay(TimeSpan.FromSeconds(10));
        var ended = DateTimeOffset.UtcNow;
        stack.Faults.Ended("pause", Target);
        await Eventually.AssertAsync(async () => await PauseAsync() is null
                && (await stack.Prometheus.QueryAsync($"monitoringstack_fault_active{{fault=\"pause\", target=\"{Target}\"}}")).Select(s => (double?)s.Value).SingleOrDefault() is 0,
            () => $"the annotation returns nothing and the series is 0 once the pause has ended\n{stack.Diagnostics}", TimeSpan.FromSeconds(30));
        var after = DateTimeOffset.UtcNow;

        var series = (await stack.Prometheus.QueryRangeAsync(query, started - TimeSpan.FromSeconds(30), after, TimeSpan.FromSeconds(1), started, "fault"))
            .Single(s => s.Name == "pause");
        var seconds = series.Points.Select(p => p.Second).ToArray();
        var window = $"annotation points at {string.Join(", ", seconds)} s after the start; the fault ended at {(ended - started).TotalSeconds:0.0} s";
        // Nothing before the fault; the first scrape after the start shows it (5 s interval).
        Assert.True(seconds[0] >= -1 && seconds[0] <= 7, window);
        // One region: a point every step from start to end, none missing.
        Assert.True(seconds.Zip(seconds.Skip(1)).All(p => Math.Abs(p.Second - p.First - 1) < 0.01), window);
        // It ends with the first scrape after the end, and nothing comes after.
        var end = (ended - started).TotalSeconds;
        Assert.True(seconds[^1] >= end - 1 && seconds[^1] <= end + 7, window);
    }

    private Task<Dictionary<string, string>> ResolveWithRetryAsync(string file) =>
        DashboardQueries.ResolveVariablesWithRetryAsync(file, stack.Prometheus, DataTimeout);

    private Task AssertAllHaveDataAsync((string Name, string Query)[] queries) =>
        DashboardQueries.AssertAllHaveDataAsync(stack.Prometheus, queries, DataTimeout, () => $"({stack.RequestsSent} requests sent)\n{stack.Diagnostics}");
}
