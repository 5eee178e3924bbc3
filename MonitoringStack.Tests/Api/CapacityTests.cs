using System.Net;
using System.Net.Http.Json;

namespace MonitoringStack.Tests.Api;

/// <summary>Above its capacity an instance sheds work with 503 + Retry-After and counts it.</summary>
[Collection(ChaosApiGroup.Name)]
public sealed class CapacityTests(ChaosApiFixture fixture) : IAsyncLifetime
{
    private readonly ApiProcess _api = fixture.Api;

    public async Task InitializeAsync() => await _api.ActivateAsync("/chaos/reset");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Excess_work_is_shed_with_503_and_retry_after()
    {
        // Capacity: 2 in flight + 2 queued for 100 ms, each order holding its slot 400 ms.
        const int burst = 24;
        var before = await _api.ScrapeAsync();
        var shedBefore = before.Sum("monitoringstack_work_shed_total");
        var failedBefore = before.Sum("monitoringstack_requests_failed_total", ("http_route", "/process"), ("error_type", "shed"));

        var orders = Enumerable.Range(0, burst).Select(i => _api.Client.PostAsJsonAsync(new Uri("/process", UriKind.Relative),
            new { orderId = $"burst-{i}", category = "toys", quantity = 1, unitPrice = 2.5m })).ToList();
        // While the burst is in flight the in-progress gauge sits at the limit.
        var busy = await _api.ScrapeUntilAsync(
            m => m.Sum("monitoringstack_work_in_progress") == ChaosApiFixture.MaxConcurrency,
            "work_in_progress reaches MaxConcurrency during the burst", TimeSpan.FromSeconds(5));
        var responses = await Task.WhenAll(orders);

        try
        {
            var ok = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
            var shed = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
            Assert.True(ok >= ChaosApiFixture.MaxConcurrency, $"{ok} orders completed");
            Assert.True(shed.Count >= burst / 2, $"{shed.Count} of {burst} shed");
            Assert.Equal(burst, ok + shed.Count);
            foreach (var response in shed)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            }
            Assert.True(busy.Sum("monitoringstack_work_queue_depth") >= 0);

            await _api.ScrapeUntilAsync(
                m => m.Sum("monitoringstack_work_shed_total") == shedBefore + shed.Count
                    && m.Sum("monitoringstack_requests_failed_total", ("http_route", "/process"), ("error_type", "shed")) == failedBefore + shed.Count
                    && m.Sum("monitoringstack_work_in_progress") == 0
                    && m.Sum("monitoringstack_work_queue_depth") == 0,
                $"shed counter and failed counter rise by {shed.Count}; gauges back at 0");
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }
}
