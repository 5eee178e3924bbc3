using MonitoringStack.Load.Engine;

namespace MonitoringStack.Tests.LoadGen;

public class ArrivalScheduleTests
{
    [Fact]
    public void Constant_rate_schedules_exactly_rate_times_duration_evenly_spaced()
    {
        var schedule = new ArrivalSchedule(LoadPhase.Constant("c", 2000, TimeSpan.FromSeconds(30)));

        Assert.Equal(60_000, schedule.ArrivalCount);
        Assert.Equal(0.00025, schedule.TimeOf(0), 9);
        Assert.Equal(0.0005, schedule.TimeOf(1) - schedule.TimeOf(0), 9);
        Assert.True(schedule.TimeOf(59_999) < 30);
        Assert.Equal(double.PositiveInfinity, schedule.TimeOf(60_000));
    }

    [Fact]
    public void Ramp_follows_the_integral_of_a_linear_rate()
    {
        // Rate 0 → 100/s over 10 s: N(t) = 5·t², so 500 arrivals in total and 125 in the first 5 s.
        var schedule = new ArrivalSchedule(LoadPhase.Ramping("ramp", 0, new RateStage(100, TimeSpan.FromSeconds(10))));

        Assert.Equal(500, schedule.ArrivalCount);
        Assert.Equal(125, schedule.ArrivalsBefore(5), 9);
        Assert.Equal(125, schedule.FirstIndexAtOrAfter(5));
        Assert.Equal(50, schedule.RateAt(5), 9);
        var times = Enumerable.Range(0, 500).Select(i => schedule.TimeOf(i)).ToArray();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second > pair.First));
        Assert.Equal(Math.Sqrt(124.5 / 5), times[124], 9);
    }

    [Fact]
    public void Zero_rate_stage_sends_nothing_and_later_stages_still_do()
    {
        var schedule = new ArrivalSchedule(LoadPhase.Ramping("pause", 0,
            new RateStage(0, TimeSpan.FromSeconds(5)),
            new RateStage(10, TimeSpan.FromSeconds(0.001)),
            new RateStage(10, TimeSpan.FromSeconds(2))));

        Assert.Equal(20, schedule.ArrivalCount);
        Assert.True(schedule.TimeOf(0) >= 5);
    }
}
