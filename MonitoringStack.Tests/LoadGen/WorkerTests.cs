using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using MonitoringStack.Load.Engine;
using MonitoringStack.Tests.Infrastructure;

namespace MonitoringStack.Tests.LoadGen;

/// <summary>
/// The long-running worker as a real process: its Prometheus names (a dashboard depends on them
/// verbatim) and the control API that changes the rate while it runs.
/// </summary>
public partial class WorkerTests(FaultServer server) : IClassFixture<FaultServer>
{
    /// <summary>The engine names its meter itself (it has no hosting dependency); the service defaults must export that name.</summary>
    [Fact]
    public void Service_defaults_export_the_engine_meter() =>
        Assert.Contains(LoadGenMetrics.MeterName, TelemetryMeters.Names);

    [Fact]
    public async Task Worker_exposes_the_loadgen_metrics_and_changes_rate_on_request()
    {
        var port = FreePorts.Next();
        var address = $"http://127.0.0.1:{port}";
        await using var worker = DotnetApp.Start(BuildOutput.LoadGen,
            ["worker", "--target", server.BaseAddress.ToString(), "--rate", "20", "--urls", address, "--LoadGen:Path=/ok"]);
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(10) };
        await worker.WaitUntilReadyAsync(http, $"{address}/health", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var metrics = await http.GetStringAsync("/metrics");
        foreach (var name in new[]
        {
            "loadgen_requests_total{", "loadgen_request_duration_seconds_bucket{", "loadgen_request_duration_seconds_sum{",
            "loadgen_request_duration_seconds_count{", "loadgen_errors_total{", "loadgen_dropped_iterations_total{",
            "loadgen_target_rate{", "loadgen_active_vus{",
        })
        {
            Assert.Contains(name, metrics, StringComparison.Ordinal);
        }
        Assert.Matches(@"loadgen_requests_total\{[^}]*endpoint=""GET /ok""[^}]*outcome=""success""|loadgen_requests_total\{[^}]*outcome=""success""[^}]*endpoint=""GET /ok""", metrics);
        Assert.Matches(@"loadgen_errors_total\{[^}]*kind=""timeout""", metrics);
        Assert.Equal(20, Gauge(metrics, "loadgen_target_rate"));

        using var set = await http.PostAsJsonAsync("/rate", new { rate = 100 });
        set.EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var before = server.Received;
        await Task.Delay(TimeSpan.FromSeconds(2));
        var perSecond = (server.Received - before) / 2.0;
        Assert.InRange(perSecond, 80, 120);
        Assert.Equal(100, Gauge(await http.GetStringAsync("/metrics"), "loadgen_target_rate"));

        using var clear = await http.DeleteAsync("/rate");
        clear.EnsureSuccessStatusCode();
        // The exporter answers a scrape from its cache for 300 ms after the last one: poll, not one timed read.
        await Eventually.AssertAsync(async () => Gauge(await http.GetStringAsync("/metrics"), "loadgen_target_rate") == 20,
            "loadgen_target_rate back at 20 after DELETE /rate", TimeSpan.FromSeconds(5));

        using var invalid = await http.PostAsJsonAsync("/rate", new { rate = -1 });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    private static double Gauge(string metrics, string name)
    {
        var match = Regex.Match(metrics, $@"^{name}\{{[^}}]*\}} (?<value>\S+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"{name} not exposed");
        return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
    }
}
