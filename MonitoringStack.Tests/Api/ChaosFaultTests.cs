using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MonitoringStack.Faults;

namespace MonitoringStack.Tests.Api;

/// <summary>Each fault switch does what it says, shows in the fault gauge, and ends (by time or reset).</summary>
[Collection(ChaosApiGroup.Name)]
public sealed class ChaosFaultTests(ChaosApiFixture fixture) : IAsyncLifetime
{
    private const string FaultGauge = "monitoringstack_chaos_fault_active";
    private readonly ApiProcess _api = fixture.Api;

    public async Task InitializeAsync() => await _api.ActivateAsync("/chaos/reset");

    public async Task DisposeAsync() => await _api.ActivateAsync("/chaos/reset");

    [Fact]
    public async Task Latency_delays_application_requests_but_not_chaos_or_probes()
    {
        const int delayMs = 1500;
        await _api.ActivateAsync("/chaos/latency", new { delayMs, durationSeconds = 60 });

        Assert.True(await TimeAsync("/data/1") >= TimeSpan.FromMilliseconds(delayMs - 50));
        Assert.True(await TimeAsync("/health") < TimeSpan.FromMilliseconds(delayMs));
        Assert.True(await TimeAsync("/chaos", withToken: true) < TimeSpan.FromMilliseconds(delayMs));
        await AssertFaultGaugeAsync("latency", 1);

        await _api.ActivateAsync("/chaos/reset");
        Assert.True(await TimeAsync("/data/1") < TimeSpan.FromMilliseconds(delayMs));
        await AssertFaultGaugeAsync("latency", 0);
    }

    [Fact]
    public async Task Faults_end_by_themselves_when_their_duration_is_over()
    {
        await _api.ActivateAsync("/chaos/latency", new { delayMs = 1000, durationSeconds = 2 });
        await AssertFaultGaugeAsync("latency", 1);

        await Eventually.AssertAsync(async () =>
        {
            var view = await ChaosViewAsync();
            return view.GetProperty("active").GetArrayLength() == 0;
        }, "the 2 s latency fault disappears from GET /chaos", TimeSpan.FromSeconds(6));
        await AssertFaultGaugeAsync("latency", 0);
        Assert.True(await TimeAsync("/data/1") < TimeSpan.FromMilliseconds(1000));
    }

    [Fact]
    public async Task Errors_answer_the_injected_status_and_count_by_route_template()
    {
        var before = await _api.ScrapeAsync();
        var failedBefore = before.Sum("monitoringstack_requests_failed_total", ("http_route", "/data/{id}"), ("error_type", "injected"));

        await _api.ActivateAsync("/chaos/errors", new { rate = 1.0, status = 503, durationSeconds = 60 });
        foreach (var id in new[] { 7, 8, 9, 123 })
        {
            using var response = await _api.Client.GetAsync(new Uri($"/data/{id}", UriKind.Relative));
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        }
        // Probes, scrapes and the switches themselves are exempt.
        using (var health = await _api.Client.GetAsync(new Uri("/health", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        Assert.Equal(JsonValueKind.Object, (await ChaosViewAsync()).ValueKind);

        var after = await _api.ScrapeUntilAsync(
            m => m.Sum("monitoringstack_requests_failed_total", ("http_route", "/data/{id}"), ("error_type", "injected")) >= failedBefore + 4,
            "requests_failed_total{http_route=\"/data/{id}\",error_type=\"injected\"} rises by 4");
        Assert.Equal(1, after.Sum(FaultGauge, ("fault", "errors")));
        Assert.True(after.Sum("http_server_request_duration_seconds_count", ("http_route", "/data/{id}"), ("http_response_status_code", "503")) >= 4);
        // The raw path never becomes a label value.
        Assert.DoesNotContain(after.Samples, s => s.Labels.Values.Any(v => v.StartsWith("/data/7", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Error_rate_zero_injects_nothing()
    {
        await _api.ActivateAsync("/chaos/errors", new { rate = 0.0, status = 500, durationSeconds = 60 });
        for (var i = 0; i < 20; i++)
        {
            using var response = await _api.Client.GetAsync(new Uri("/data/1", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Cpu_burn_uses_cpu_until_reset()
    {
        // Relative assertions only: the machine is shared, so a spinning thread gets an unknown share
        // of a core, but burning must clearly beat idle before and after.
        var idle = await CpuOverAsync(TimeSpan.FromSeconds(1));

        await _api.ActivateAsync("/chaos/cpu", new { threads = 2, durationSeconds = 60 });
        var burning = await CpuOverAsync(TimeSpan.FromSeconds(2));
        await AssertFaultGaugeAsync("cpu", 1);

        await _api.ActivateAsync("/chaos/reset");
        await Task.Delay(300);
        var afterReset = await CpuOverAsync(TimeSpan.FromSeconds(1));
        await AssertFaultGaugeAsync("cpu", 0);

        var report = $"CPU cores used — idle: {idle.CoresUsed:F2}, burning: {burning.CoresUsed:F2}, after reset: {afterReset.CoresUsed:F2}; " +
            $"utilization gauge — idle: {idle.Utilization:F3}, burning: {burning.Utilization:F3}, after reset: {afterReset.Utilization:F3}";
        Assert.True(burning.CoresUsed >= 0.1, report);
        Assert.True(burning.CoresUsed > 1.5 * idle.CoresUsed, report);
        Assert.True(burning.CoresUsed > 1.5 * afterReset.CoresUsed, report);
        // The gauge covers the same window (collections happen only on these scrapes).
        Assert.True(burning.Utilization > 1.5 * afterReset.Utilization, report);
        Assert.InRange(burning.Utilization, 0.04, 1);
    }

    [Fact]
    public async Task Memory_pressure_raises_the_working_set_until_reset()
    {
        const string usage = "monitoringstack_process_memory_usage_bytes";
        var baseline = (await _api.ScrapeAsync()).Sum(usage);

        await _api.ActivateAsync("/chaos/memory", new { megabytes = 256, durationSeconds = 60 });
        var held = await _api.ScrapeUntilAsync(m => m.Sum(usage) >= baseline + 200 * 1024 * 1024,
            $"working set rises by 200 MB from {baseline / 1048576:F0} MB");
        Assert.Equal(1, held.Sum(FaultGauge, ("fault", "memory")));
        Assert.Equal(ChaosApiFixture.MemoryLimitMegabytes * 1024.0 * 1024.0, held.Sum("monitoringstack_process_memory_limit_bytes"));

        await _api.ActivateAsync("/chaos/reset");
        await _api.ScrapeUntilAsync(m => m.Sum(usage) <= held.Sum(usage) - 150 * 1024 * 1024 && m.Sum(FaultGauge, ("fault", "memory")) == 0,
            "working set falls by 150 MB after reset");
    }

    [Fact]
    public async Task Reset_ends_every_fault_and_view_lists_them_before()
    {
        await _api.ActivateAsync("/chaos/latency", new { delayMs = 10, durationSeconds = 60 });
        await _api.ActivateAsync("/chaos/errors", new { rate = 0.0, status = 500, durationSeconds = 60 });
        await _api.ActivateAsync("/chaos/cpu", new { threads = 1, durationSeconds = 60 });
        await _api.ActivateAsync("/chaos/memory", new { megabytes = 8, durationSeconds = 60 });

        var view = await ChaosViewAsync();
        var active = view.GetProperty("active").EnumerateArray().Select(f => f.GetProperty("fault").GetString()).ToList();
        Assert.Equal(["latency", "errors", "cpu", "memory"], active);
        Assert.All(view.GetProperty("active").EnumerateArray(), f => Assert.InRange(f.GetProperty("remainingSeconds").GetDouble(), 1, 60));

        using var reset = await _api.ChaosAsync(HttpMethod.Post, "/chaos/reset");
        Assert.Equal(4, (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ended").GetInt32());
        Assert.Equal(0, (await ChaosViewAsync()).GetProperty("active").GetArrayLength());
        var metrics = await _api.ScrapeUntilAsync(m => m.Sum(FaultGauge) == 0, "every fault gauge back at 0");
        Assert.Equal(ChaosRoutes.GaugeLabels(),
            metrics.Series(FaultGauge).Select(s => s.Labels["fault"]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/chaos/latency", """{"delayMs":100,"durationSeconds":3601}""", "durationSeconds")]
    [InlineData("/chaos/latency", """{"delayMs":0,"durationSeconds":10}""", "delayMs")]
    [InlineData("/chaos/errors", """{"rate":1.5,"status":500,"durationSeconds":10}""", "rate")]
    [InlineData("/chaos/errors", """{"rate":0.5,"status":404,"durationSeconds":10}""", "status")]
    [InlineData("/chaos/cpu", """{"threads":0,"durationSeconds":10}""", "threads")]
    [InlineData("/chaos/memory", """{"megabytes":100000,"durationSeconds":10}""", "megabytes")]
    [InlineData("/chaos/hang", """{"seconds":301}""", "seconds")]
    [InlineData("/chaos/crash", """{"exitCode":0}""", "exitCode")]
    [InlineData("/chaos/cpu", """{"threads":"many","durationSeconds":10}""", "threads")]
    public async Task Bad_fault_settings_are_a_400_naming_the_field(string path, string json, string field)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Chaos-Token", ApiProcess.ChaosToken);
        using var response = await _api.Client.SendAsync(request);
        await ProblemAssert.NamesFieldAsync(response, field);
        Assert.False(_api.HasExited);
        Assert.Equal(0, (await ChaosViewAsync()).GetProperty("active").GetArrayLength());
    }

    public static TheoryData<string> CatalogueFaults() => [.. FaultCatalogue.Faults.Select(f => f.Name)];

    /// <summary>
    /// Every fault of the catalogue has its switch: a lasting one activates with the catalogue's own body (the
    /// preset, for 2 s) and shows in the answer and the gauge's label set; every one refuses each parameter out
    /// of its range by name (an instant fault is only refused: a crash would end this shared instance).
    /// </summary>
    [Theory]
    [MemberData(nameof(CatalogueFaults))]
    public async Task Every_catalogue_fault_is_served_by_the_switches(string name)
    {
        var fault = FaultCatalogue.Find(name)!;
        foreach (var parameter in fault.Parameters)
        {
            var values = new Dictionary<string, string?>(fault.Preset.Arguments) { [parameter.Name] = (parameter.Maximum!.Value + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            using var refused = await _api.ChaosAsync(HttpMethod.Post, fault.Path, JsonNode.Parse(Json(fault, values)));
            await ProblemAssert.NamesFieldAsync(refused, parameter.Name);
        }
        if (fault.IsLasting)
        {
            var brief = new Dictionary<string, string?>(fault.Preset.Arguments) { [fault.Duration.Name] = "2" };
            using var response = await _api.ChaosAsync(HttpMethod.Post, fault.Path, JsonNode.Parse(fault.Read(brief).Json));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(name, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fault").GetString());
            await _api.ActivateAsync(FaultCatalogue.Reset.Path);
        }
        Assert.False(_api.HasExited);
        var metrics = await _api.ScrapeAsync();
        Assert.Equal(fault.IsLasting, metrics.Series(FaultGauge).Any(s => s.Labels["fault"] == name));
    }

    /// <summary>A body as JSON numbers, values unchecked (the switch is what checks them here).</summary>
    private static string Json(SwitchFault fault, Dictionary<string, string?> values) =>
        "{" + string.Join(",", fault.Parameters.Select(p => $"\"{p.Name}\":{values[p.Name]}")) + "}";

    private async Task<TimeSpan> TimeAsync(string path, bool withToken = false)
    {
        var clock = Stopwatch.StartNew();
        using var response = withToken
            ? await _api.ChaosAsync(HttpMethod.Get, path)
            : await _api.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return clock.Elapsed;
    }

    private async Task<JsonElement> ChaosViewAsync()
    {
        using var response = await _api.ChaosAsync(HttpMethod.Get, "/chaos");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task AssertFaultGaugeAsync(string fault, double expected) =>
        await _api.ScrapeUntilAsync(m => m.Sum(FaultGauge, ("fault", fault)) == expected,
            $"{FaultGauge}{{fault=\"{fault}\"}} == {expected}");

    /// <summary>
    /// CPU used over a wall-clock window: cores (from the standard CPU-time counter) and the
    /// utilization gauge sampled at the end scrape (its window starts at the previous collection).
    /// </summary>
    private async Task<(double CoresUsed, double Utilization)> CpuOverAsync(TimeSpan window)
    {
        // Past the 300 ms scrape cache, so both scrapes are fresh collections.
        await Task.Delay(350);
        var clock = Stopwatch.StartNew();
        var start = (await _api.ScrapeAsync()).Sum("dotnet_process_cpu_time_seconds_total");
        await Task.Delay(window);
        var end = await _api.ScrapeAsync();
        var elapsed = clock.Elapsed.TotalSeconds;
        return ((end.Sum("dotnet_process_cpu_time_seconds_total") - start) / elapsed,
            end.Sum("monitoringstack_process_cpu_utilization_ratio"));
    }
}
