using System.Globalization;
using System.Text.Json;

namespace MonitoringStack.Topology;

/// <summary>What the autoscaler reads from Prometheus and the value it keeps it at.</summary>
public sealed class AutoscalingSignal
{
    public string Name { get; set; } = "";

    /// <summary>The Prometheus job of the API replicas; its <c>up</c> series tells whether a replica's samples are fresh.</summary>
    public string Job { get; set; } = "api";

    /// <summary>PromQL with one series per replica, labelled <c>instance</c> (api-N): the value compared with <see cref="Target"/>.</summary>
    public string PerReplicaQuery { get; set; } = "";

    /// <summary>The same signal summed over replicas: what KEDA's Prometheus scaler divides by the target (not read by the AppHost).</summary>
    public string TotalQuery { get; set; } = "";

    /// <summary>The per-replica average the autoscaler aims for (an HPA AverageValue target).</summary>
    public double Target { get; set; }
}

/// <summary>HPA behaviour for scaling up: a stabilisation window (lowest recommendation in it) and a step limit.</summary>
public sealed class ScaleUpBehavior
{
    public double StabilizationWindowSeconds { get; set; }

    /// <summary>One step adds at most this share of the current replicas, or <see cref="Pods"/>, whichever is more (HPA's default is 100 % or 4 pods).</summary>
    public int Percent { get; set; } = 100;

    public int Pods { get; set; } = 4;
}

/// <summary>HPA behaviour for scaling down: the highest recommendation over the window wins, so a dip does not remove capacity.</summary>
public sealed class ScaleDownBehavior
{
    public double StabilizationWindowSeconds { get; set; } = 60;
}

/// <summary>
/// The autoscaler's settings: config/autoscaling.json, the one place the signal, target and behaviour are
/// written. Here, beside the topology, because two readers share it: the AppHost's autoscaler (which
/// binds its <c>Stack:Autoscaling:*</c> settings over the file) and MonitoringStack.Deploy (which writes
/// the cluster's HPA and KEDA ScaledObject from it). Settable properties: configuration binding needs them.
/// </summary>
public sealed class AutoscalingPolicy
{
    public const string FileName = "autoscaling.json";

    public bool Enabled { get; set; }
    public AutoscalingSignal Signal { get; set; } = new();
    public int MinReplicas { get; set; } = 1;

    /// <summary>0 means maxReplicas of the topology, the most the scale command allows.</summary>
    public int MaxReplicas { get; set; }

    /// <summary>No change while |metric / target − 1| is within this (HPA's 10 %).</summary>
    public double Tolerance { get; set; } = 0.1;

    public double IntervalSeconds { get; set; } = 1;

    /// <summary>A replica whose newest scrape is older than this has no usable reading.</summary>
    public double MetricMaxAgeSeconds { get; set; } = 4;

    /// <summary>
    /// After a change, no decision until the signal's window holds only samples taken with the new
    /// replicas: otherwise the overload that caused a scale-up is read again and scales up a second time.
    /// </summary>
    public double SettleSeconds { get; set; } = 3;

    public ScaleUpBehavior ScaleUp { get; set; } = new();
    public ScaleDownBehavior ScaleDown { get; set; } = new();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>The path of the file in a repository.</summary>
    public static string PathIn(string repositoryRoot) => Path.Combine(repositoryRoot, "config", FileName);

    /// <summary>config/autoscaling.json, resolved against the topology and validated: what the cluster manifests are written from.</summary>
    /// <exception cref="TopologyException">The file cannot be read or a setting is out of range.</exception>
    public static AutoscalingPolicy Load(string repositoryRoot, int topologyMaxReplicas) =>
        Read(repositoryRoot).Resolve(topologyMaxReplicas, PathIn(repositoryRoot));

    /// <summary>config/autoscaling.json as written: not resolved against the topology, not validated (a reader may change it first).</summary>
    /// <exception cref="TopologyException">The file is missing, empty or not the expected JSON.</exception>
    public static AutoscalingPolicy Read(string repositoryRoot)
    {
        var file = PathIn(repositoryRoot);
        try
        {
            return JsonSerializer.Deserialize<AutoscalingPolicy>(File.ReadAllText(file), Json)
                ?? throw new TopologyException($"{file} is empty");
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            throw new TopologyException($"cannot read {file}: {ex.Message}", ex);
        }
    }

    /// <summary>Puts the topology's maxReplicas in place of 0 and checks every setting; returns this policy.</summary>
    /// <param name="source">What the settings came from, for the message (the file, and any settings over it).</param>
    /// <exception cref="TopologyException">Every problem found, in one message.</exception>
    public AutoscalingPolicy Resolve(int topologyMaxReplicas, string source)
    {
        if (MaxReplicas == 0)
        {
            MaxReplicas = topologyMaxReplicas;
        }
        var problems = Problems(topologyMaxReplicas);
        return problems.Count == 0 ? this : throw new TopologyException($"{source}: {string.Join("; ", problems)}");
    }

    private List<string> Problems(int topologyMaxReplicas)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Signal.PerReplicaQuery) || string.IsNullOrWhiteSpace(Signal.TotalQuery))
        {
            problems.Add("signal.perReplicaQuery and signal.totalQuery must not be empty");
        }
        if (!(Signal.Target > 0))
        {
            problems.Add($"signal.target must be above 0, got {Signal.Target.ToString(CultureInfo.InvariantCulture)}");
        }
        if (MinReplicas < 1 || MinReplicas > MaxReplicas)
        {
            problems.Add($"minReplicas must be between 1 and maxReplicas ({MaxReplicas}), got {MinReplicas}");
        }
        if (MaxReplicas > topologyMaxReplicas)
        {
            problems.Add($"maxReplicas {MaxReplicas} is above maxReplicas of the topology ({topologyMaxReplicas}), the most the scale command can start");
        }
        if (Tolerance is < 0 or >= 1)
        {
            problems.Add($"tolerance must be in [0, 1), got {Tolerance.ToString(CultureInfo.InvariantCulture)}");
        }
        if (!(IntervalSeconds > 0) || !(MetricMaxAgeSeconds > 0) || SettleSeconds < 0
            || ScaleUp.StabilizationWindowSeconds < 0 || ScaleDown.StabilizationWindowSeconds < 0)
        {
            problems.Add("intervalSeconds and metricMaxAgeSeconds must be above 0; settleSeconds and stabilization windows not below 0");
        }
        if (ScaleUp.Percent < 0 || ScaleUp.Pods < 0 || (ScaleUp.Percent == 0 && ScaleUp.Pods == 0))
        {
            problems.Add("scaleUp.percent and scaleUp.pods must not be negative, and one must be above 0");
        }
        return problems;
    }
}
