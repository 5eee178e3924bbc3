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
public static class ExperimentLoader
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
        if (d.Kind is not ("resilience" or "scalability"))
        {
            Fail("kind", $"must be 'resilience' or 'scalability', got '{d.Kind}'");
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
        if (d.Load.Rate is <= 0 or > 20000)
        {
            Fail("load.rate", $"must be between 0 and 20000 requests/s, got {d.Load.Rate}");
        }
        if (d.Load.DurationSeconds is < 5 or > 3600)
        {
            Fail("load.durationSeconds", $"must be between 5 and 3600, got {d.Load.DurationSeconds}");
        }
        ValidateActions(d.Method, "method", d, Fail);
        ValidateActions(d.Rollbacks, "rollbacks", d, Fail);
        if (d.Kind == "scalability")
        {
            if (d.Scalability is null)
            {
                Fail("scalability", "is required for kind 'scalability'");
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
            if (a.At < 0 || a.At >= d.Load.DurationSeconds)
            {
                fail($"{path}.at", $"must be within the load's {d.Load.DurationSeconds} s, got {a.At}");
            }
            if (ExperimentActions.TargetsReplica(kind) && (a.Target is null || !a.Target.StartsWith("api-", StringComparison.Ordinal)
                || !int.TryParse(a.Target.AsSpan(4), out var index) || index < 0 || index >= d.Replicas))
            {
                fail($"{path}.target", $"must name a replica api-0..api-{d.Replicas - 1}, got '{a.Target}'");
            }
            if (kind == ActionKind.Chaos && (a.Fault is null || !ExperimentActions.ChaosFaults.Contains(a.Fault)))
            {
                fail($"{path}.fault", $"must be one of {string.Join(", ", ExperimentActions.ChaosFaults)}, got '{a.Fault}'");
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

    /// <summary>The 1-based line of a dotted path such as <c>method[1].target</c>; the document start when not found.</summary>
    internal static int LineOf(string yaml, string path)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0)
            {
                return 1;
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
                    return (int)line;
                }
                var entry = mapping.Children.FirstOrDefault(c => c.Key is YamlScalarNode k && k.Value == name);
                if (entry.Key is null)
                {
                    return (int)line;
                }
                line = entry.Key.Start.Line;
                node = entry.Value;
                if (index is { } i && node is YamlSequenceNode sequence && i < sequence.Children.Count)
                {
                    node = sequence.Children[i];
                    line = node.Start.Line;
                }
            }
            return (int)line;
        }
        catch (YamlException)
        {
            return 1;
        }
    }
}
