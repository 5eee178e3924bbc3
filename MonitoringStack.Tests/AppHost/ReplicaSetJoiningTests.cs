using Aspire.Hosting.ApplicationModel;
using MonitoringStack.Hosting;

namespace MonitoringStack.Tests.AppHost;

/// <summary>
/// A scale-up lists each new replica (scrape targets, nginx upstream) as it becomes ready, in whatever order
/// that is, not all of them once the slowest is ready; a failed scale-up keeps an unbroken run from the first.
/// </summary>
public sealed class ReplicaSetJoiningTests
{
    private readonly ReplicaSetResource _set = new("api", "http", "/health");
    private readonly List<string> _published = [];

    public ReplicaSetJoiningTests()
    {
        for (var i = 0; i < 5; i++)
        {
            _set.Add(new ProjectResource($"api-{i}"));
        }
        _set.Running = 2;
        _set.OnReplicasChanged((active, _) =>
        {
            _published.Add(string.Join(",", active.Select(r => r.Name)));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task Each_new_replica_is_listed_when_it_joins_not_when_the_slowest_is_ready()
    {
        var starting = _set.BeginScaleUp(5);

        Assert.Equal(["api-2", "api-3", "api-4"], starting.Select(r => r.Name));
        Assert.Equal(5, _set.Running);
        Assert.Equal(["api-0", "api-1"], _set.Active.Select(r => r.Name));

        await _set.JoinAsync(starting[2], CancellationToken.None);
        await _set.JoinAsync(starting[0], CancellationToken.None);
        await _set.JoinAsync(starting[1], CancellationToken.None);

        Assert.Equal(["api-0,api-1,api-4", "api-0,api-1,api-2,api-4", "api-0,api-1,api-2,api-3,api-4"], _published);
    }

    [Fact]
    public async Task A_failed_scale_up_keeps_the_replicas_that_joined_in_order_from_the_first()
    {
        var starting = _set.BeginScaleUp(5);
        await _set.JoinAsync(starting[0], CancellationToken.None);
        await _set.JoinAsync(starting[2], CancellationToken.None);

        var dropped = _set.AbandonScaleUp();

        Assert.Equal(["api-3", "api-4"], dropped.Select(r => r.Name));
        Assert.Equal(3, _set.Running);
        Assert.Equal(["api-0", "api-1", "api-2"], _set.Active.Select(r => r.Name));
    }
}
