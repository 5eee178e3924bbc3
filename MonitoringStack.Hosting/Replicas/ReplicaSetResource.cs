using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>
/// N named replicas of one project (<c>&lt;name&gt;-0</c>, <c>&lt;name&gt;-1</c>, …), each a project resource of
/// its own with its own port: its own scrape target and its own upstream server, unlike Aspire's
/// <c>WithReplicas</c>, whose proxy hides them behind one port. Replicas beyond the running count wait,
/// not started, for the scale command. The set is the replicas' parent in the dashboard.
/// </summary>
public sealed class ReplicaSetResource(string name, string endpointName, string healthPath) : Resource(name)
{
    private readonly List<ProjectResource> _replicas = [];
    private readonly List<Func<IReadOnlyList<ProjectResource>, CancellationToken, Task>> _changeHandlers = [];

    /// <summary>The endpoint every replica listens on (not proxied: the replica's own port).</summary>
    public string EndpointName { get; } = endpointName;

    /// <summary>The path that answers 2xx when a replica is ready (restart journal, scaling).</summary>
    public string HealthPath { get; } = healthPath;

    /// <summary>Every possible replica, running or in reserve, in order.</summary>
    public IReadOnlyList<ProjectResource> Replicas => _replicas;

    /// <summary>How many replicas run at start.</summary>
    public int InitialCount { get; internal set; }

    /// <summary>How many replicas run now: the first <see cref="Running"/> of <see cref="Replicas"/>.</summary>
    public int Running { get; internal set; }

    /// <summary>The replicas that run now, in order: the scrape targets and the upstream servers.</summary>
    public IReadOnlyList<ProjectResource> Active => _replicas.Take(Running).ToArray();

    /// <summary>Raised after every completed scale, with the new count.</summary>
    public event Action<int>? Scaled;

    internal void Add(ProjectResource replica) => _replicas.Add(replica);

    /// <summary>
    /// Runs <paramref name="handler"/> with the new active list whenever replicas join or leave, in the order
    /// handlers were added (targets files before an nginx reload, say), before the scale completes.
    /// </summary>
    public void OnReplicasChanged(Func<IReadOnlyList<ProjectResource>, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _changeHandlers.Add(handler);
    }

    internal async Task PublishChangeAsync(CancellationToken cancellationToken)
    {
        var active = Active;
        foreach (var handler in _changeHandlers)
        {
            await handler(active, cancellationToken).ConfigureAwait(false);
        }
    }

    internal void RaiseScaled(int replicas) => Scaled?.Invoke(replicas);
}

/// <summary>Marks a project resource as replica <see cref="Index"/> of <see cref="Set"/>: restarted on exit, given the fault commands.</summary>
public sealed record ReplicaSetMemberAnnotation(ReplicaSetResource Set, int Index) : IResourceAnnotation;
