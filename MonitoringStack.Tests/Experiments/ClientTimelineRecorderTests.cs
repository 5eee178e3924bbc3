using MonitoringStack.Experiments.Observation;

namespace MonitoringStack.Tests.Experiments;

public class ClientTimelineRecorderTests
{
    [Fact]
    public void Requests_are_bucketed_by_intended_second_with_their_p99()
    {
        var recorder = new ClientTimelineRecorder();
        for (var i = 0; i < 100; i++)
        {
            recorder.Record(0.5, TimeSpan.FromMilliseconds(i < 98 ? 10 : 500), ok: true);
        }
        recorder.Record(2.1, TimeSpan.FromMilliseconds(5), ok: false);

        var seconds = recorder.Snapshot();

        Assert.Equal([0, 2], seconds.Select(s => s.Second));
        Assert.Equal(100, seconds[0].Ok);
        Assert.InRange(seconds[0].P99Ms!.Value, 499, 501);
        Assert.Equal(1, seconds[1].Failed);
        Assert.Equal(0, seconds[1].Availability);
    }
}
