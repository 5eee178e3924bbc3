using MonitoringStack.Load.Engine;
using MonitoringStack.Load.Thresholds;

namespace MonitoringStack.Tests.LoadGen;

public class ThresholdTests
{
    private static readonly PhaseResult Total = new()
    {
        Name = "total", Model = "open", DurationSeconds = 10, Scheduled = 1000, TargetRate = 100,
        Sent = 960, Completed = 950, Succeeded = 945, Aborted = 0, Dropped = 40,
        Errors = new ErrorCounts(Status: 5, Timeout: 10, Connection: 0),
        StatusCodes = new Dictionary<string, long>(), SentRate = 96, Throughput = 95,
        Latency = new LatencySummary(950, 12, 10, 20, 150, 400, 900),
    };

    [Theory]
    [InlineData("p99<200ms", true, 150)]
    [InlineData("p99<0.1s", false, 0.15)]
    [InlineData("p99.9<=400", true, 400)]
    [InlineData("max<500ms", false, 900)]
    [InlineData("errors<1%", false, 1.5625)]      // 15 failed of 960 finished
    [InlineData("errors<0.02", true, 0.015625)]
    [InlineData("rate>=95%", true, 96)]          // 960 sent of 1000 scheduled
    [InlineData("rate>=97%", false, 96)]
    [InlineData("dropped<5%", true, 4)]
    [InlineData("dropped==40", true, 40)]
    [InlineData("throughput>100rps", false, 95)]
    public void Thresholds_compare_the_runs_totals(string expression, bool passes, double actual)
    {
        var result = Threshold.Parse(expression).Evaluate(Total);

        Assert.Equal(passes, result.Passed);
        Assert.Equal(actual, result.Actual, 6);
    }

    [Theory]
    [InlineData("p99 < 200 furlongs")]
    [InlineData("latency<200ms")]
    [InlineData("errors<200ms")]
    [InlineData("p99")]
    public void Malformed_thresholds_are_rejected_with_a_reason(string expression)
    {
        var error = Assert.Throws<FormatException>(() => Threshold.Parse(expression));
        Assert.Contains(expression.Split(' ')[0], error.Message, StringComparison.Ordinal);
    }
}
