using System.Text.Json;
using System.Text.Json.Serialization;

namespace MonitoringStack.Topology;

/// <summary>
/// Names, ports and replica count of the whole stack, computed once. Local mode, the Aspire AppHost
/// and every rendered config derive from an instance of this record, so no port or target list is
/// written twice by hand.
/// </summary>
public sealed record StackTopology
{
    public const string ServiceName = "monitoringstack-api";
    public const string ApiJob = "api";
    public const int ReplicaLimit = 32;

    public int Replicas { get; init; } = 2;

    /// <summary>
    /// The most replicas the stack can be scaled to while it runs. Declared up front because each
    /// possible replica owns a port (and, in the AppHost, a resource) from the start.
    /// </summary>
    public int MaxReplicas { get; init; } = 6;
    public int ApiBasePort { get; init; } = 5101;
    public ComponentPorts Ports { get; init; } = new();

    /// <summary>The monitoring-at-scale runs' ports and shard count, not the stack's.</summary>
    public ScaleDefaults Scale { get; init; } = new();

    /// <summary>The replicas, named <c>api-0</c>… with consecutive ports from <see cref="ApiBasePort"/>.</summary>
    public IReadOnlyList<ApiReplica> ApiReplicas =>
        Enumerable.Range(0, Replicas).Select(i => new ApiReplica(i, ReplicaName(i), ApiBasePort + i)).ToArray();

    /// <summary>Every replica the stack may run (up to <see cref="MaxReplicas"/>), running or not.</summary>
    public IReadOnlyList<ApiReplica> PossibleApiReplicas =>
        Enumerable.Range(0, Math.Max(Replicas, MaxReplicas)).Select(i => new ApiReplica(i, ReplicaName(i), ApiBasePort + i)).ToArray();

    public static string ReplicaName(int index) => $"api-{index}";

    /// <summary>Every port the stack may listen on, by name, every possible API replica included.</summary>
    public IReadOnlyDictionary<string, int> AllPorts()
    {
        var all = new Dictionary<string, int>(Ports.ByName(), StringComparer.Ordinal);
        foreach (var replica in PossibleApiReplicas)
        {
            all[replica.Name] = replica.Port;
        }
        return all;
    }

    /// <summary>Throws with a message naming the field when the topology cannot work.</summary>
    public StackTopology Validate()
    {
        if (MaxReplicas < 1 || MaxReplicas > ReplicaLimit)
        {
            throw new TopologyException($"maxReplicas must be between 1 and {ReplicaLimit}, got {MaxReplicas}");
        }
        if (Replicas < 1 || Replicas > MaxReplicas)
        {
            throw new TopologyException($"replicas must be between 1 and maxReplicas ({MaxReplicas}), got {Replicas}");
        }
        foreach (var (name, port) in AllPorts())
        {
            if (port is < 1024 or > 65535)
            {
                throw new TopologyException($"port of '{name}' must be between 1024 and 65535, got {port}");
            }
            if (port == 8080)
            {
                throw new TopologyException($"port of '{name}' is 8080, which kubectl without a kubeconfig talks to; choose another");
            }
        }
        var clash = AllPorts().GroupBy(p => p.Value).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new TopologyException($"port {clash.Key} is used by more than one component: {string.Join(", ", clash.Select(p => p.Key))}");
        }
        return this;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>Reads <c>config/topology.json</c> (or another file) and validates it.</summary>
    public static StackTopology Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new TopologyException($"topology file not found: {path}");
        }
        try
        {
            var topology = JsonSerializer.Deserialize<StackTopology>(File.ReadAllText(path), JsonOptions)
                ?? throw new TopologyException($"topology file is empty: {path}");
            return topology.Validate();
        }
        catch (JsonException ex)
        {
            throw new TopologyException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Walks up from <paramref name="start"/> to the folder that holds <c>config/topology.json</c>.</summary>
    public static string FindRepositoryRoot(string? start = null)
    {
        var dir = new DirectoryInfo(start ?? AppContext.BaseDirectory);
        while (dir is not null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "config", "topology.json")))
            {
                return dir.FullName;
            }
            dir = dir.Parent;
        }
        throw new TopologyException($"could not find config/topology.json above {start ?? AppContext.BaseDirectory}");
    }
}

public sealed class TopologyException : Exception
{
    public TopologyException(string message) : base(message) { }
    public TopologyException(string message, Exception inner) : base(message, inner) { }
    public TopologyException() { }
}
