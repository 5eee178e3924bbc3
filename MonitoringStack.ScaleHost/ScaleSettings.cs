using System.Globalization;
using Microsoft.Extensions.Configuration;
using MonitoringStack.Topology;

namespace MonitoringStack.ScaleHost;

/// <summary>
/// The <c>Scale:</c> settings (command line, appsettings, <c>Scale__*</c> environment variables), checked
/// before anything starts: <c>Targets</c> simulated replicas (100), <c>Shards</c> Prometheus (1 is one
/// Prometheus with every rule, 2 or more add the global view), <c>Rate</c> requests/s per target (10),
/// <c>Reference</c> (false: true adds one Prometheus over every target, the correctness check's yardstick),
/// <c>TargetBasePort</c> and <c>PrometheusPort</c>. The defaults of <c>Shards</c> (2), <c>TargetBasePort</c>
/// and <c>PrometheusPort</c> are config/topology.json's <c>scale</c>.
/// </summary>
internal sealed record ScaleSettings(int Targets, int Shards, double Rate, bool Reference, int TargetBasePort, int PrometheusPort)
{
    public const string Section = "Scale";
    public const int MaxTargets = 10_000;
    public const int MaxShards = 16;

    private static readonly string[] Known = ["Targets", "Shards", "Rate", "Reference", "TargetBasePort", "PrometheusPort"];

    /// <summary>Ports a run listens on: the simulator's control port and targets, then every Prometheus (and the Alertmanager address they name).</summary>
    public int ControlPort => TargetBasePort - 1;

    /// <summary>Shards, the global view and the Alertmanager port their configs name (ScaleConfig), then the reference and its own.</summary>
    public int PrometheusPortCount => (Shards == 1 ? 2 : Shards + 2) + (Reference ? 2 : 0);

    /// <summary>Where the reference Prometheus listens: after everything the sharded topology names.</summary>
    public int ReferencePort => PrometheusPort + Shards + 2;

    public static ScaleSettings Load(IConfiguration configuration, ScaleDefaults defaults)
    {
        var section = configuration.GetSection(Section);
        var unknown = section.GetChildren().Select(c => c.Key).FirstOrDefault(k => !Known.Contains(k, StringComparer.OrdinalIgnoreCase));
        if (unknown is not null)
        {
            throw new ScaleInputException($"unknown setting {Section}:{unknown}: only {string.Join(", ", Known.Select(k => $"{Section}:{k}"))}");
        }
        var settings = new ScaleSettings(
            Int(section, "Targets", 100),
            Int(section, "Shards", defaults.Shards),
            Number(section, "Rate", 10),
            Bool(section, "Reference", false),
            Int(section, "TargetBasePort", defaults.TargetBasePort),
            Int(section, "PrometheusPort", defaults.PrometheusPort));
        settings.Validate();
        return settings;
    }

    private void Validate()
    {
        Require(Targets is >= 1 and <= MaxTargets, $"{Section}:Targets must be between 1 and {MaxTargets}, got {Targets}");
        Require(Shards is >= 1 and <= MaxShards, $"{Section}:Shards must be between 1 (one Prometheus) and {MaxShards}, got {Shards}");
        Require(Shards <= Targets, $"{Section}:Shards ({Shards}) must not exceed {Section}:Targets ({Targets}): a shard needs targets to scrape");
        Require(Rate is >= 0 and <= 10_000, $"{Section}:Rate must be between 0 and 10000 requests/s per target, got {Rate.ToString(CultureInfo.InvariantCulture)}");
        Require(!(Reference && Shards == 1), $"{Section}:Reference compares shards with one Prometheus: it needs {Section}:Shards of 2 or more");
        var targets = (First: ControlPort, Last: TargetBasePort + Targets - 1);
        var prometheus = (First: PrometheusPort, Last: PrometheusPort + PrometheusPortCount - 1);
        Require(targets.First >= 1024 && targets.Last <= 65535,
            $"{Section}:TargetBasePort {TargetBasePort} with {Targets} targets needs ports {targets.First}-{targets.Last} (its control port one below): keep them within 1024-65535");
        Require(prometheus.First >= 1024 && prometheus.Last <= 65535,
            $"{Section}:PrometheusPort {PrometheusPort} needs ports {prometheus.First}-{prometheus.Last}: keep them within 1024-65535");
        Require(prometheus.Last < targets.First || prometheus.First > targets.Last,
            $"the Prometheus ports {prometheus.First}-{prometheus.Last} overlap the targets' {targets.First}-{targets.Last}: move {Section}:PrometheusPort or {Section}:TargetBasePort");
        Require(8080 < targets.First || 8080 > targets.Last, $"the targets' ports {targets.First}-{targets.Last} include 8080, which kubectl without a kubeconfig talks to");
        Require(8080 < prometheus.First || 8080 > prometheus.Last, $"the Prometheus ports {prometheus.First}-{prometheus.Last} include 8080, which kubectl without a kubeconfig talks to");
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new ScaleInputException(problem);
        }
    }

    private static int Int(IConfigurationSection section, string key, int fallback) =>
        section[key] is not { } text ? fallback
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw new ScaleInputException($"{Section}:{key} must be a whole number, got '{text}'");

    private static double Number(IConfigurationSection section, string key, double fallback) =>
        section[key] is not { } text ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : throw new ScaleInputException($"{Section}:{key} must be a number, got '{text}'");

    private static bool Bool(IConfigurationSection section, string key, bool fallback) =>
        section[key] is not { } text ? fallback
        : bool.TryParse(text, out var value) ? value
        : throw new ScaleInputException($"{Section}:{key} must be true or false, got '{text}'");
}

/// <summary>A setting the user got wrong: one line, exit code 2, nothing started.</summary>
internal sealed class ScaleInputException(string message) : Exception(message);
