using MonitoringStack.Load.Engine;
using MonitoringStack.Tests.Infrastructure;

namespace MonitoringStack.Tests.LoadGen;

/// <summary>Injected faults end up in the right error kind, per endpoint.</summary>
public class ErrorClassificationTests(FaultServer server) : IClassFixture<FaultServer>
{
    [Fact]
    public async Task Status_timeout_and_success_are_told_apart_per_endpoint()
    {
        var profile = new LoadProfile
        {
            Name = "faults",
            Mix = [new RequestSpec("GET", "/ok"), new RequestSpec("GET", "/fail"), new RequestSpec("GET", "/slow")],
            Phases = [LoadPhase.Constant("faults", 60, TimeSpan.FromSeconds(3))],
            // Far from both the fast answers and /slow's 3 s, so a busy machine cannot blur the line.
            RequestTimeout = TimeSpan.FromSeconds(1),
        };
        using var runner = new LoadRunner();
        await runner.RunAsync(LoadProfile.ConstantRate(20, TimeSpan.FromSeconds(0.5), "/ok"), server.BaseAddress); // warm the server up

        var result = await runner.RunAsync(profile, server.BaseAddress);

        var byName = result.Endpoints.ToDictionary(e => e.Name);
        var ok = byName["GET /ok"];
        var fail = byName["GET /fail"];
        var slow = byName["GET /slow"];
        Assert.True(ok.Sent > 20 && fail.Sent > 20 && slow.Sent > 20, "each endpoint got a share of the mix");
        Assert.Equal((ok.Sent, 0L), (ok.Succeeded, ok.Errors.Total));
        Assert.Equal(new ErrorCounts(fail.Sent, 0, 0), fail.Errors);
        Assert.Equal(fail.Sent, fail.StatusCodes["500"]);
        Assert.Equal(new ErrorCounts(0, slow.Sent, 0), slow.Errors);
        Assert.Equal(180, result.Total.Sent);
        Assert.Equal(fail.Sent + slow.Sent, result.Total.Errors.Total);
    }

    [Fact]
    public async Task A_closed_port_gives_connection_errors_not_an_exception()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        using var runner = new LoadRunner();

        var result = await runner.RunAsync(LoadProfile.ConstantRate(50, TimeSpan.FromSeconds(1)), closed);

        Assert.Equal(50, result.Total.Sent);
        Assert.Equal(new ErrorCounts(0, 0, 50), result.Total.Errors);
        Assert.Equal(0, result.Total.Completed);
        Assert.Equal(1.0, result.Total.ErrorRate);
    }
}
