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
    // Replicas counted in Running that are starting and not listed yet: each joins on its own when ready.
    private readonly HashSet<ProjectResource> _joining = [];
    private Task _lastPublish = Task.CompletedTask;

    /// <summary>The endpoint every replica listens on (not proxied: the replica's own port).</summary>
    public string EndpointName { get; } = endpointName;

    /// <summary>The path that answers 2xx when a replica is ready (restart journal, scaling).</summary>
    public string HealthPath { get; } = healthPath;

    /// <summary>Every possible replica, running or in reserve, in order.</summary>
    public IReadOnlyList<ProjectResource> Replicas => _replicas;

    /// <summary>How many replicas run at start.</summary>
    public int InitialCount { get; internal set; }

    /// <summary>
    /// How many replicas run or are starting now: the first <see cref="Running"/> of <see cref="Replicas"/>
    /// (the desired count, as a Kubernetes Deployment's replicas).
    /// </summary>
    public int Running { get; internal set; }

    /// <summary>
    /// The replicas that serve now, in order: the scrape targets and the upstream servers. A replica that a
    /// scale-up is starting is listed once it is ready, not before.
    /// </summary>
    public IReadOnlyList<ProjectResource> Active
    {
        get
        {
            lock (_joining)
            {
                return _replicas.Take(Running).Where(r => !_joining.Contains(r)).ToArray();
            }
        }
    }

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

    /// <summary>Counts the next replicas up to <paramref name="replicas"/> as running, unlisted until each <see cref="JoinAsync"/>s.</summary>
    internal IReadOnlyList<ProjectResource> BeginScaleUp(int replicas)
    {
        lock (_joining)
        {
            var starting = _replicas.Take(replicas).Skip(Running).ToArray();
            _joining.UnionWith(starting);
            Running = replicas;
            return starting;
        }
    }

    /// <summary>Lists <paramref name="replica"/> (it answers its health path) and tells the handlers.</summary>
    internal Task JoinAsync(ProjectResource replica, CancellationToken cancellationToken)
    {
        lock (_joining)
        {
            _joining.Remove(replica);
        }
        return PublishChangeAsync(cancellationToken);
    }

    /// <summary>
    /// After a scale-up in which some replica did not come up: keeps the replicas that joined in an unbroken
    /// run from the start (the set is always a prefix of <see cref="Replicas"/>) and returns those it drops,
    /// started or not, for the caller to stop.
    /// </summary>
    internal IReadOnlyList<ProjectResource> AbandonScaleUp()
    {
        lock (_joining)
        {
            var kept = _replicas.Take(Running).TakeWhile(r => !_joining.Contains(r)).Count();
            var dropped = _replicas.Take(Running).Skip(kept).ToArray();
            _joining.Clear();
            Running = kept;
            return dropped;
        }
    }

    /// <summary>
    /// Tells the handlers the active list. One change at a time, queued after the previous one (replicas that
    /// join together must not interleave two nginx reloads); a failed change does not hold up the next.
    /// </summary>
    internal Task PublishChangeAsync(CancellationToken cancellationToken)
    {
        lock (_joining)
        {
            return _lastPublish = PublishAfterAsync(_lastPublish, cancellationToken);
        }
    }

    private async Task PublishAfterAsync(Task previous, CancellationToken cancellationToken)
    {
        await previous.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
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
