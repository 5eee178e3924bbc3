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

    [Fact]
    public void Window_p99_merges_histograms_instead_of_averaging_seconds()
    {
        var recorder = new ClientTimelineRecorder();
        // Second 0: 100 fast requests. Second 1: 3 slow ones. Their p99 together is slow; an average of
        // per-second p99s, or their median, would not say so honestly.
        for (var i = 0; i < 100; i++)
        {
            recorder.Record(0.2, TimeSpan.FromMilliseconds(10), ok: true);
        }
        for (var i = 0; i < 3; i++)
        {
            recorder.Record(1.2, TimeSpan.FromMilliseconds(800), ok: true);
        }
        recorder.Record(1.5, null, ok: false);

        Assert.InRange(recorder.P99Ms(0, 2)!.Value, 799, 801);
        Assert.InRange(recorder.P99Ms(0, 1)!.Value, 9.9, 10.1);
        Assert.Null(recorder.P99Ms(5, 9));
        Assert.Equal(1, recorder.Snapshot()[1].Failed);
    }
}
