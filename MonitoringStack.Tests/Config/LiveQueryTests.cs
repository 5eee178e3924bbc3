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

    private Task<Dictionary<string, string>> ResolveWithRetryAsync(string file) =>
        DashboardQueries.ResolveVariablesWithRetryAsync(file, stack.Prometheus, DataTimeout);

    private Task AssertAllHaveDataAsync((string Name, string Query)[] queries) =>
        DashboardQueries.AssertAllHaveDataAsync(stack.Prometheus, queries, DataTimeout, () => $"({stack.RequestsSent} requests sent)\n{stack.Diagnostics}");
}
