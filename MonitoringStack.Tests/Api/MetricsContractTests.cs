using System.Net;

namespace MonitoringStack.Tests.Api;

/// <summary>
/// The exposition is what dashboards and alerts are written against: it passes
/// <c>promtool check metrics</c> and every contracted metric is there with its labels and type.
/// </summary>
[Collection(ChaosApiGroup.Name)]
public sealed class MetricsContractTests(ChaosApiFixture fixture) : IAsyncLifetime
{
    private static readonly string[] ShedReasons = ["queue_full", "queue_timeout"];
    private static readonly string[] ErrorTypes = ["injected", "shed", "exception", "server_error"];
    private static readonly string[] RouteTemplates = ["/", "/data", "/data/{id}", "/process", "unmatched"];

    private readonly ApiProcess _api = fixture.Api;

    public async Task InitializeAsync() => await fixture.ExerciseEverySeriesOnceAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Exposition_passes_promtool_check_metrics()
    {
        var text = await _api.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var (exitCode, output) = await Promtool.CheckMetricsAsync(text);
        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}:\n{output}");
    }

    public static TheoryData<string, string, string[]> Contract => new()
    {
        // name, # TYPE family and type, labels every series must carry
        { "http_server_request_duration_seconds_bucket", "histogram", ["http_route", "http_request_method", "http_response_status_code", "le"] },
        { "http_server_request_duration_seconds_sum", "histogram", ["http_request_method", "http_response_status_code"] },
        { "http_server_request_duration_seconds_count", "histogram", ["http_request_method", "http_response_status_code"] },
        { "http_server_active_requests", "gauge", ["http_request_method"] },
        { "kestrel_active_connections", "gauge", [] },
        { "dotnet_process_cpu_time_seconds_total", "counter", ["cpu_mode"] },
        { "dotnet_process_memory_working_set_bytes", "gauge", [] },
        { "dotnet_gc_collections_total", "counter", ["gc_heap_generation"] },
        { "target_info", "gauge", ["service_name", "service_instance_id", "service_version"] },
        { "monitoringstack_orders_processed_total", "counter", ["order_category"] },
        { "monitoringstack_order_value_bucket", "histogram", ["order_category", "le"] },
        { "monitoringstack_order_value_sum", "histogram", ["order_category"] },
        { "monitoringstack_order_value_count", "histogram", ["order_category"] },
        { "monitoringstack_work_shed_total", "counter", ["reason"] },
        { "monitoringstack_requests_failed_total", "counter", ["http_route", "error_type"] },
        { "monitoringstack_work_queue_depth", "gauge", [] },
        { "monitoringstack_work_in_progress", "gauge", [] },
        { "monitoringstack_process_cpu_utilization_ratio", "gauge", [] },
        { "monitoringstack_process_memory_usage_bytes", "gauge", [] },
        { "monitoringstack_process_memory_limit_bytes", "gauge", [] },
        { "monitoringstack_chaos_fault_active", "gauge", ["fault"] },
    };

    [Theory]
    [MemberData(nameof(Contract))]
    public async Task Contracted_metric_is_exposed_with_its_labels(string name, string type, string[] labels)
    {
        var metrics = await _api.ScrapeAsync();

        var series = metrics.Series(name).ToList();
        Assert.True(series.Count > 0, $"{name} is not exposed");
        var family = FamilyOf(name, type);
        Assert.True(metrics.Types.TryGetValue(family, out var actualType), $"no # TYPE line for {family}");
        Assert.Equal(type, actualType);
        foreach (var label in labels)
        {
            Assert.All(series, s => Assert.True(s.Labels.ContainsKey(label), $"{s.SeriesKey} lacks label {label}"));
        }
    }

    [Fact]
    public async Task Request_duration_buckets_include_the_alert_thresholds()
    {
        var metrics = await _api.ScrapeAsync();
        var bounds = metrics.Series("http_server_request_duration_seconds_bucket").Select(s => s.Labels["le"]).ToHashSet();
        Assert.Superset(new HashSet<string> { "0.1", "0.25", "0.5", "1" }, bounds);
    }

    [Fact]
    public async Task Values_and_label_sets_are_what_the_contract_says()
    {
        var metrics = await _api.ScrapeAsync();

        Assert.Equal(_api.InstanceId, Assert.Single(metrics.Series("target_info")).Labels["service_instance_id"]);
        Assert.InRange(metrics.Sum("monitoringstack_process_cpu_utilization_ratio"), 0, 1);
        Assert.True(metrics.Sum("monitoringstack_process_memory_usage_bytes") > 10 * 1024 * 1024);
        Assert.Equal(ChaosApiFixture.MemoryLimitMegabytes * 1024.0 * 1024.0, metrics.Sum("monitoringstack_process_memory_limit_bytes"));
        Assert.Equal(ChaosRoutes.GaugeLabels(),
            metrics.Series("monitoringstack_chaos_fault_active").Select(s => s.Labels["fault"]).Order(StringComparer.Ordinal));
        Assert.All(metrics.Series("monitoringstack_work_shed_total"), s => Assert.Contains(s.Labels["reason"], ShedReasons));
        Assert.All(metrics.Series("monitoringstack_requests_failed_total"), s =>
        {
            Assert.Contains(s.Labels["error_type"], ErrorTypes);
            Assert.Contains(s.Labels["http_route"], RouteTemplates);
        });
        // 5xx request durations carry error_type, as the standard instrumentation defines.
        Assert.Contains(metrics.Series("http_server_request_duration_seconds_count"),
            s => s.Has("http_response_status_code", "500") && s.Labels.ContainsKey("error_type"));
        // The System.Runtime gauges renamed away from the reserved _count suffix.
        Assert.True(metrics.Contains("dotnet_process_cpu_processors"));
        Assert.DoesNotContain(metrics.Types, t => t.Key.EndsWith("_count", StringComparison.Ordinal));
    }

    /// <summary>The # TYPE family: histogram series drop their _bucket/_sum/_count suffix.</summary>
    private static string FamilyOf(string name, string type)
    {
        if (type != "histogram")
        {
            return name;
        }
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name[..^suffix.Length];
            }
        }
        return name;
    }
}
