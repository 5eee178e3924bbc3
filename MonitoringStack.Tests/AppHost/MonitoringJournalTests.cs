using MonitoringStack.Hosting;

namespace MonitoringStack.Tests.AppHost;

/// <summary>The scaling journal's lines: joins written and read back, and lines from before joins were recorded still read.</summary>
public sealed class MonitoringJournalTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "journal-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void A_scale_ups_joins_are_written_and_read_back_in_order()
    {
        var journal = new MonitoringJournal(_directory);
        journal.Scaled(new ScalingRecord(At, 2, 4, At.AddSeconds(3), "api", [new("api-3", At.AddSeconds(1.5)), new("api-2", At.AddSeconds(2.9))]));

        var line = File.ReadAllText(Path.Combine(_directory, MonitoringJournal.ScalingFile));
        Assert.Contains("\"joined\":[{\"replica\":\"api-3\",\"joinedAt\":\"2026-12-06T03:00:01.5+00:00\"}", line, StringComparison.Ordinal);
        var record = Assert.Single(journal.Read<ScalingRecord>(MonitoringJournal.ScalingFile));
        Assert.Equal([("api-3", At.AddSeconds(1.5)), ("api-2", At.AddSeconds(2.9))], record.Joined!.Select(j => (j.Replica, j.JoinedAt)));
    }

    [Fact]
    public void Lines_written_before_joins_were_recorded_read_with_none()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, MonitoringJournal.ScalingFile),
            "{\"requestedAt\":\"2026-12-02T00:58:10.1+00:00\",\"from\":1,\"to\":5,\"completedAt\":\"2026-12-02T00:58:16.6+00:00\",\"replicaSet\":\"api\"}\n");

        var record = Assert.Single(new MonitoringJournal(_directory).Read<ScalingRecord>(MonitoringJournal.ScalingFile));

        Assert.Equal((1, 5, "api"), (record.From, record.To, record.ReplicaSet));
        Assert.Null(record.Joined);
    }
}
