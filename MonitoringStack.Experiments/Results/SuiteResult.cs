using System.Text.Json;
using System.Text.Json.Serialization;

namespace MonitoringStack.Experiments.Results;

/// <summary>
/// Everything one run of the experiment suite measured: the content of
/// <c>artifacts/experiments/&lt;run&gt;/results.json</c> (schema described in docs/experiments.md; bump the version when it changes).
/// </summary>
public sealed record SuiteResult
{
    public const int CurrentSchemaVersion = 6;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;
    public required string RunId { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public required MachineInfo Machine { get; init; }
    public ScalabilityResult? Scalability { get; init; }
    public IReadOnlyList<ResilienceResult> Resilience { get; init; } = [];
    /// <summary>Spike experiments, each with its variants side by side (schema 4).</summary>
    public IReadOnlyList<SpikeResult> Spike { get; init; } = [];

    /// <summary>The mean of the fault experiments' resilience scores, 0–100; null when none ran (schema 5).</summary>
    public double? ResilienceScore => Analysis.ResilienceScore.OfRun(Resilience);

    /// <summary>True when every experiment's hypothesis held (the exit code of `demo` and `experiment run` follows it).</summary>
    public bool HypothesesHeld =>
        (Scalability?.HypothesisHeld ?? true) && Resilience.All(r => r.HypothesisHeld) && Spike.All(s => s.HypothesisHeld);

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static SuiteResult FromJson(string json) =>
        JsonSerializer.Deserialize<SuiteResult>(json, JsonOptions) ?? throw new JsonException("results.json is empty");
}

public sealed record MachineInfo(int ProcessorCount, string OperatingSystem, string Runtime)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
}

/// <summary>A value at a time: seconds from the start of the experiment.</summary>
public sealed record TimePoint(double Second, double Value);

/// <summary>One named series (e.g. CPU of <c>api-1</c>) on an experiment's time axis.</summary>
public sealed record NamedSeries(string Name, IReadOnlyList<TimePoint> Points);
