using MonitoringStack.Load.Engine;

namespace MonitoringStack.Tests.LoadGen;

/// <summary>
/// A target slower than the arrival rate: the generator must neither slow down silently nor hide
/// the wait. Arrivals beyond the in-flight limit are dropped and counted; the latency of the ones
/// sent includes the time they queued.
/// </summary>
public class OverloadTests(FaultServer server) : IClassFixture<FaultServer>
{
    [Fact]
    public async Task Overloaded_target_shows_dropped_iterations_and_latency_including_queueing()
    {
        // /serial serves one request at a time in 50 ms: capacity 20/s. Ask for 60/s with at most 8 in flight.
        var profile = new LoadProfile
        {
            Name = "overload",
            Mix = [new RequestSpec("GET", "/serial")],
            Phases = [LoadPhase.Constant("overload", 60, TimeSpan.FromSeconds(4))],
            MaxInFlight = 8,
            RequestTimeout = TimeSpan.FromSeconds(5),
        };
        using var runner = new LoadRunner();

        var result = await runner.RunAsync(profile, server.BaseAddress);

        var total = result.Total;
        Assert.Equal(240, total.Scheduled);
        Assert.Equal(total.Scheduled, total.Sent + total.Dropped);
        Assert.InRange(total.Dropped, 100, 230);                 // ≈ 240 − 4 s × 20/s − 8 queued (fewer served on a busy machine)
        Assert.Equal(0, total.Errors.Total);
        Assert.Equal(1, server.SerialMaxConcurrent);
        var service = FaultServer.SerialServiceTime.TotalMilliseconds;
        // With 8 queued in front of a 50 ms server, a typical request waits ~7 × 50 ms before its turn.
        Assert.True(total.Latency.P50Ms > 4 * service, $"p50 {total.Latency.P50Ms} ms should include queueing, service is {service} ms");
        // ... and no more than the in-flight limit allows: 8 × the service time the server really gave (50 ms
        // asked, longer when other builds share the CPU), with room for the client's own scheduling.
        var served = server.SerialMeanServiceTime.TotalMilliseconds;
        Assert.True(total.Latency.P50Ms < 8 * served + 400, $"p50 {total.Latency.P50Ms} ms is bounded by the in-flight limit (8 × {served:F0} ms served)");
        // Everything sent was answered: the overload shows as drops and waiting, not as lost requests.
        Assert.Equal(total.Sent, total.Completed);
    }
}
