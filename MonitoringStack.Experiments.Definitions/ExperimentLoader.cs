using MonitoringStack.Faults;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MonitoringStack.Experiments.Definitions;

/// <summary>An experiment file that cannot run, with the file, line and field that say why.</summary>
public sealed class ExperimentDefinitionException : Exception
{
    public ExperimentDefinitionException(string message) : base(message) { }
    public ExperimentDefinitionException(string message, Exception inner) : base(message, inner) { }
    public ExperimentDefinitionException() { }
}

/// <summary>Reads experiment YAML files and rejects bad ones with an error naming line and field.</summary>
public static partial class ExperimentLoader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static ExperimentDefinition LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ExperimentDefinitionException($"experiment file not found: {path}");
        }
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Every experiment under a folder, by name.</summary>
    public static IReadOnlyDictionary<string, string> Discover(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal)
                .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => f, StringComparer.Ordinal)
            : new Dictionary<string, string>();

    public static ExperimentDefinition Parse(string yaml, string source = "<inline>")
    {
        ExperimentDefinition definition;
        try
        {
            definition = Deserializer.Deserialize<ExperimentDefinition>(yaml)
                ?? throw new ExperimentDefinitionException($"{source}: the file is empty");
        }
        catch (YamlException ex)
        {
            // YamlDotNet names the unknown or mistyped property and its position; keep both, drop its noise.
            var reason = (ex.InnerException?.Message ?? ex.Message).Split('\n')[0];
            throw new ExperimentDefinitionException($"{source}:{ex.Start.Line}:{ex.Start.Column}: {reason}", ex);
        }
        Validate(definition, yaml, source);
        return definition;
    }

    private static void Validate(ExperimentDefinition d, string yaml, string source)
    {
        void Fail(string path, string message) =>
            throw new ExperimentDefinitionException($"{source}:{LineOf(yaml, path)}: {path}: {message}");

        if (string.IsNullOrWhiteSpace(d.Name))
        {
            Fail("name", "is required");
        }
        if (!ExperimentKinds.All.Contains(d.Kind))
        {
            Fail("kind", $"must be one of {string.Join(", ", ExperimentKinds.All.Select(k => $"'{k}'"))}, got '{d.Kind}'");
        }
        if (!ReplicaSetName().IsMatch(d.ReplicaSet))
        {
            Fail("replicaSet", $"must be the resource name of a replica set (letters, digits and hyphens, e.g. 'orders' for orders-0, orders-1 …), got '{d.ReplicaSet}'");
        }
        if (d.Replicas is < 1 or > 16)
        {
            Fail("replicas", $"must be between 1 and 16, got {d.Replicas}");
        }
        if (d.Hypothesis.MinAvailability is <= 0 or > 1)
        {
            Fail("hypothesis.minAvailability", $"must be in (0, 1], got {d.Hypothesis.MinAvailability}");
        }
        foreach (var (method, min) in d.Hypothesis.MinAvailabilityByMethod)
        {
            if (method is not ("GET" or "HEAD" or "POST" or "PUT" or "PATCH" or "DELETE"))
            {
                Fail($"hypothesis.minAvailabilityByMethod.{method}", "must name an HTTP method in capitals, e.g. GET");
            }
            if (min is <= 0 or > 1)
            {
                Fail($"hypothesis.minAvailabilityByMethod.{method}", $"must be in (0, 1], got {min}");
            }
            if (!(d.Load.Mix.Count == 0 ? method == "GET" : d.Load.Mix.Keys.Any(k => k.StartsWith(method + " ", StringComparison.OrdinalIgnoreCase))))
            {
                Fail($"hypothesis.minAvailabilityByMethod.{method}", "the load mix sends no request of that method");
            }
        }
        if (d.Hypothesis.MaxP99Ms <= 0)
        {
            Fail("hypothesis.maxP99Ms", $"must be positive, got {d.Hypothesis.MaxP99Ms}");
        }
        if (d.Hypothesis.Slo is <= 0 or >= 1)
        {
            Fail("hypothesis.slo", $"must be between 0 and 1 exclusive, got {d.Hypothesis.Slo}");
        }
        ValidateLoad(d.Load, yaml, Fail);
        ValidateActions(d.Method, "method", d, Fail);
        ValidateActions(d.Rollbacks, "rollbacks", d, Fail);
        ValidateSpike(d, Fail);
        if (d.Kind == ExperimentKinds.Scalability)
        {
            if (d.Scalability is null)
            {
                Fail("scalability", $"is required for kind '{ExperimentKinds.Scalability}'");
            }
            else if (d.Scalability.ReplicaCounts.Count == 0 || d.Scalability.ReplicaCounts.Any(n => n is < 1 or > 16))
            {
                Fail("scalability.replicaCounts", "must list replica counts between 1 and 16");
            }
            else if (!d.Scalability.ReplicaCounts.Contains(1))
            {
                Fail("scalability.replicaCounts", "must include 1 (efficiency and the USL fit are relative to one replica)");
            }
            else if (d.Scalability.StepRates.Count == 0 || d.Scalability.StepRates.Any(r => r <= 0))
            {
                Fail("scalability.stepRates", "must list positive rates");
            }
        }
    }

    private static void ValidateLoad(LoadDefinition load, string yaml, Action<string, string> fail)
    {
        if (load.Phases.Count == 0)
        {
            if (load.Rate is <= 0 or > MaxRate)
            {
                fail("load.rate", $"must be between 0 and {MaxRate} requests/s, got {load.Rate}");
            }
            if (load.DurationSeconds is < 5 or > MaxSeconds)
            {
                fail("load.durationSeconds", $"must be between 5 and {MaxSeconds}, got {load.DurationSeconds}");
            }
            return;
        }
        // The defaults of rate and durationSeconds cannot tell whether they were written: the document can.
        foreach (var single in SingleRateFields.Where(path => Locate(yaml, path).Found))
        {
            fail(single, "cannot be given with load.phases: the phases say the rate over time; use one or the other");
        }
        for (var i = 0; i < load.Phases.Count; i++)
        {
            var phase = load.Phases[i];
            if (phase.Rate is <= 0 or > MaxRate)
            {
                fail($"load.phases[{i}].rate", $"must be between 0 and {MaxRate} requests/s, got {phase.Rate}");
            }
            if (phase.DurationSeconds is < 1 or > MaxSeconds)
            {
                fail($"load.phases[{i}].durationSeconds", $"must be between 1 and {MaxSeconds}, got {phase.DurationSeconds}");
            }
        }
        if (load.TotalSeconds is < 5 or > MaxSeconds)
        {
            fail("load.phases", $"must last between 5 and {MaxSeconds} s in all, got {load.TotalSeconds} s");
        }
    }

    private static void ValidateSpike(ExperimentDefinition d, Action<string, string> fail)
    {
        if (d.Kind != ExperimentKinds.Spike)
        {
            if (d.Variants.Count > 0)
            {
                fail("variants", $"only kind '{ExperimentKinds.Spike}' runs variants");
            }
            if (d.Spike is not null)
            {
                fail("spike", $"applies to kind '{ExperimentKinds.Spike}' only");
            }
            return;
        }
        if (d.Spike is not { } spike)
        {
            fail("spike", $"is required for kind '{ExperimentKinds.Spike}' (maxBudgetRatio, maxSecondsToP99WithinSlo, maxScaleDownsInFirst60sAfterSpike)");
            return;
        }
        if (d.Method.Count > 0 || d.Rollbacks.Count > 0 || d.ExpectedAlerts.Count > 0)
        {
            fail(d.Method.Count > 0 ? "method" : d.Rollbacks.Count > 0 ? "rollbacks" : "expectedAlerts",
                $"kind '{ExperimentKinds.Spike}' injects no fault: its rollback (autoscaler off, replicas reset) is built in");
        }
        if (d.Load.Phases.Count < 3 || d.Load.Peak() is not { } peak || peak.StartSecond == 0 || peak.EndSecond == d.Load.TotalSeconds)
        {
            fail("load.phases", $"kind '{ExperimentKinds.Spike}' needs a steady phase, then one phase of a higher rate than any other (the spike), then at least one phase after it");
            return;
        }
        if (d.Load.TotalSeconds - peak.EndSecond < SpikeDefinition.FlappingWindowSeconds)
        {
            fail("load.phases", $"the phases after the spike must last at least {SpikeDefinition.FlappingWindowSeconds} s, the window in which scale-downs are counted; they last {d.Load.TotalSeconds - peak.EndSecond} s");
        }
        if (d.Variants.Count != 2 || d.Variants.Count(v => v.Autoscaling) != 1)
        {
            fail("variants", "must list two variants, one with autoscaling: false (fixed replicas) and one with autoscaling: true");
        }
        for (var i = 0; i < d.Variants.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(d.Variants[i].Name) || d.Variants.Take(i).Any(v => v.Name == d.Variants[i].Name))
            {
                fail($"variants[{i}].name", $"must be a name of its own, got '{d.Variants[i].Name}'");
            }
        }
        if (spike.MaxBudgetRatio is <= 0 or > 1)
        {
            fail("spike.maxBudgetRatio", $"must be in (0, 1]: the share of the fixed variant's burned budget the autoscaled one may burn, got {spike.MaxBudgetRatio}");
        }
        if (spike.MaxSecondsToP99WithinSlo <= 0 || spike.MaxSecondsToP99WithinSlo > peak.EndSecond - peak.StartSecond)
        {
            fail("spike.maxSecondsToP99WithinSlo", $"must be positive and within the spike's {peak.EndSecond - peak.StartSecond} s, got {spike.MaxSecondsToP99WithinSlo}");
        }
        if (spike.MaxScaleDownsInFirst60sAfterSpike < 0)
        {
            fail("spike.maxScaleDownsInFirst60sAfterSpike", $"must be 0 or more, got {spike.MaxScaleDownsInFirst60sAfterSpike}");
        }
    }

    private static readonly string[] SingleRateFields = ["load.rate", "load.durationSeconds"];
    private const double MaxRate = 20000;
    private const int MaxSeconds = 3600;

    private static void ValidateActions(List<FaultAction> actions, string list, ExperimentDefinition d, Action<string, string> fail)
    {
        for (var i = 0; i < actions.Count; i++)
        {
            var a = actions[i];
            var path = $"{list}[{i}]";
            if (!ExperimentActions.TryParse(a.Action, out var kind))
            {
                fail($"{path}.action", $"unknown action '{a.Action}'; expected one of {string.Join(", ", ExperimentActions.Names)}");
                continue;
            }
            if (a.At < 0 || a.At >= d.Load.TotalSeconds)
            {
                fail($"{path}.at", $"must be within the load's {d.Load.TotalSeconds} s, got {a.At}");
            }
            if (ExperimentActions.TargetsReplica(kind) && !IsReplicaOf(d, a.Target))
            {
                fail($"{path}.target", $"must name a replica of the set '{d.ReplicaSet}' ({d.ReplicaName(0)}..{d.ReplicaName(d.Replicas - 1)}: replicaSet names the set, replicas its size), got '{a.Target}'");
            }
            if (kind == ActionKind.Chaos)
            {
                if (FaultCatalogue.Find(a.Fault) is not { } fault)
                {
                    fail($"{path}.fault", $"must be one of {string.Join(", ", FaultCatalogue.Faults)}, got '{a.Fault}'");
                }
                else if (!fault.TryRead(ExperimentActions.ChaosParameters(a), out _, out var errors))
                {
                    var (parameter, messages) = errors.First();
                    fail($"{path}.body.{parameter}", string.Join(" ", messages));
                }
            }
            if (a.KeepDownSeconds is not null && (kind != ActionKind.Kill || a.KeepDownSeconds is <= 0 or > 300))
            {
                fail($"{path}.keepDownSeconds", "applies to 'kill' only and must be between 0 and 300 seconds");
            }
            if (a.DurationSeconds is <= 0)
            {
                fail($"{path}.durationSeconds", $"must be positive, got {a.DurationSeconds}");
            }
        }
    }

    /// <summary>Whether <paramref name="target"/> is <c>&lt;set&gt;-&lt;i&gt;</c> with i below the definition's replica count.</summary>
    private static bool IsReplicaOf(ExperimentDefinition d, string? target)
    {
        var prefix = d.ReplicaSet + "-";
        return target is not null && target.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(target.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            && index < d.Replicas;
    }

    /// <summary>An Aspire resource name: a letter first, then letters, digits and single hyphens.</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z](-?[A-Za-z0-9])*$")]
    private static partial System.Text.RegularExpressions.Regex ReplicaSetName();

    /// <summary>The 1-based line of a dotted path such as <c>method[1].target</c>; the document start when not found.</summary>
    internal static int LineOf(string yaml, string path) => Locate(yaml, path).Line;

    /// <summary>
    /// Where a dotted path is written: its line and whether the document has it. When it does not, the
    /// line of the deepest part that is written (so an error still points near the place).
    /// </summary>
    private static (int Line, bool Found) Locate(string yaml, string path)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0)
            {
                return (1, false);
            }
            YamlNode node = stream.Documents[0].RootNode;
            var line = node.Start.Line;
            foreach (var part in path.Split('.'))
            {
                var name = part;
                int? index = null;
                var bracket = part.IndexOf('[', StringComparison.Ordinal);
                if (bracket >= 0)
                {
                    name = part[..bracket];
                    index = int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
                }
                if (node is not YamlMappingNode mapping)
                {
                    return ((int)line, false);
                }
                var entry = mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode k && k.Value == name);
                if (entry.Key is null)
                {
                    return ((int)line, false);
                }
                line = entry.Key.Start.Line;
                node = entry.Value;
                if (index is { } i)
                {
                    if (node is not YamlSequenceNode sequence || i >= sequence.Children.Count)
                    {
                        return ((int)line, false);
                    }
                    node = sequence.Children[i];
                    line = node.Start.Line;
                }
            }
            return ((int)line, true);
        }
        catch (YamlException)
        {
            return (1, false);
        }
    }
}
