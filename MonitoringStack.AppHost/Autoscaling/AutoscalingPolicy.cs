using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace MonitoringStack.AppHost.Autoscaling;

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
/// The autoscaler's settings: config/autoscaling.json (the one place the signal and target are written,
/// shared with the cluster manifests), then any <c>Stack:Autoscaling:*</c> setting over it, so a test or
/// a user can switch it on and shorten the windows without editing the file.
/// </summary>
public sealed class AutoscalingPolicy
{
    public const string SectionKey = "Stack:Autoscaling";
    public const string EnabledKey = SectionKey + ":Enabled";
    public const string FileName = "autoscaling.json";

    public bool Enabled { get; set; }
    public AutoscalingSignal Signal { get; set; } = new();
    public int MinReplicas { get; set; } = 1;

    /// <summary>0 means maxReplicas of the topology, the most the scale command allows.</summary>
    public int MaxReplicas { get; set; }

    /// <summary>No change while |metric / target − 1| is within this (HPA's 10 %).</summary>
    public double Tolerance { get; set; } = 0.1;

    public double IntervalSeconds { get; set; } = 2;

    /// <summary>A replica whose newest scrape is older than this has no usable reading.</summary>
    public double MetricMaxAgeSeconds { get; set; } = 12;

    /// <summary>
    /// After a change, no decision until the signal's window holds only samples taken with the new
    /// replicas: otherwise the overload that caused a scale-up is read again and scales up a second time.
    /// </summary>
    public double SettleSeconds { get; set; } = 10;

    public ScaleUpBehavior ScaleUp { get; set; } = new();
    public ScaleDownBehavior ScaleDown { get; set; } = new();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    /// <exception cref="StackConfigurationException">The file or a setting is missing or out of range.</exception>
    public static AutoscalingPolicy Load(IConfiguration configuration, string repositoryRoot, int topologyMaxReplicas)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var file = Path.Combine(repositoryRoot, "config", FileName);
        AutoscalingPolicy policy;
        try
        {
            policy = JsonSerializer.Deserialize<AutoscalingPolicy>(File.ReadAllText(file), Json)
                ?? throw new StackConfigurationException($"{file} is empty");
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            throw new StackConfigurationException($"cannot read {file}: {ex.Message}", ex);
        }
        configuration.GetSection(SectionKey).Bind(policy);
        if (policy.MaxReplicas == 0)
        {
            policy.MaxReplicas = topologyMaxReplicas;
        }
        policy.Validate(file, topologyMaxReplicas);
        return policy;
    }

    private void Validate(string file, int topologyMaxReplicas)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Signal.PerReplicaQuery))
        {
            problems.Add("signal.perReplicaQuery is empty");
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
        if (problems.Count > 0)
        {
            throw new StackConfigurationException($"{file} (with {SectionKey}:* settings): {string.Join("; ", problems)}");
        }
    }
}
