using System.Text.Json;
using MonitoringStack.Load.Engine;
using MonitoringStack.Load.Thresholds;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MonitoringStack.LoadGen.Profiles;

/// <summary>
/// Reads a load profile from YAML or JSON (JSON is YAML too, so one parser gives line numbers for
/// both). Every problem is reported as a <see cref="ProfileException"/> naming file, line, column and
/// field. The format is documented in MonitoringStack.LoadGen/profiles/README.md.
/// </summary>
public static class ProfileLoader
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    private static readonly string[] LoadModels = ["rate", "stages", "vus"];

    /// <summary>
    /// Loads <paramref name="pathOrName"/>: a file path, or the name of a built-in profile
    /// (<c>spike</c> → <c>profiles/spike.yaml</c> next to the binary).
    /// </summary>
    public static LoadProfile Load(string pathOrName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrName);
        var path = Resolve(pathOrName);
        return Parse(File.ReadAllText(path), System.IO.Path.GetFileName(path));
    }

    /// <summary>The built-in profiles shipped in the <c>profiles</c> folder next to the binary.</summary>
    public static IReadOnlyList<string> BuiltInProfiles() =>
        Directory.Exists(BuiltInFolder)
            ? Directory.GetFiles(BuiltInFolder, "*.yaml").Order(StringComparer.Ordinal).ToArray()
            : [];

    private static string BuiltInFolder => System.IO.Path.Combine(AppContext.BaseDirectory, "profiles");

    private static string Resolve(string pathOrName)
    {
        if (File.Exists(pathOrName))
        {
            return pathOrName;
        }
        foreach (var extension in new[] { ".yaml", ".yml", ".json" })
        {
            var candidate = System.IO.Path.Combine(BuiltInFolder, pathOrName + extension);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        var known = string.Join(", ", BuiltInProfiles().Select(System.IO.Path.GetFileNameWithoutExtension));
        throw new ProfileException($"profile '{pathOrName}' is neither a file nor a built-in profile ({known})");
    }

    public static LoadProfile Parse(string text, string source = "profile")
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new ProfileException(source, (int)ex.Start.Line, (int)ex.Start.Column, "(syntax)", ex.InnerException?.Message ?? ex.Message, ex);
        }
        catch (InvalidOperationException ex)
        {
            // Some malformed inputs (e.g. an unclosed [ list) trip YamlDotNet without a position.
            var (line, column) = LastReadablePosition(text);
            throw new ProfileException(source, line, column, "(syntax)", "malformed YAML after this point (unclosed bracket or quote?)", ex);
        }
        if (stream.Documents.Count == 0)
        {
            throw new ProfileException(source, 1, 1, "(document)", "the profile is empty");
        }

        var root = new YamlFields(source, stream.Documents[0].RootNode, "",
            "name", "description", "timeout", "maxInFlight", "maxConnections", "mix", "phases", "thresholds");
        var mix = root.Sequence("mix").Select((node, i) => ReadRequest(source, node, $"mix[{i}]")).ToArray();
        if (mix.Length == 0)
        {
            throw root.Missing("mix", "the request mix is missing or empty: list at least one request (method, path, weight)");
        }
        var phaseNodes = root.Sequence("phases");
        if (phaseNodes.Count == 0)
        {
            throw root.Missing("phases", "no phases: list at least one (rate + duration, stages, or vus + duration)");
        }
        var phases = new List<LoadPhase>();
        double previousRate = 0;
        for (var i = 0; i < phaseNodes.Count; i++)
        {
            var phase = ReadPhase(source, phaseNodes[i], $"phases[{i}]", i, previousRate);
            if (phase is ArrivalRatePhase open)
            {
                previousRate = open.Stages[^1].TargetRate;
            }
            phases.Add(phase);
        }
        var thresholds = root.Sequence("thresholds").Select((node, i) => ReadThreshold(root, node, $"thresholds[{i}]")).ToArray();

        return new LoadProfile
        {
            Name = root.String("name") ?? System.IO.Path.GetFileNameWithoutExtension(source),
            Mix = mix,
            Phases = phases,
            Thresholds = thresholds,
            RequestTimeout = root.Duration("timeout") ?? LoadProfile.DefaultRequestTimeout,
            MaxInFlight = root.Integer("maxInFlight", min: 1) ?? LoadProfile.DefaultMaxInFlight,
            MaxConnections = root.Integer("maxConnections", min: 1),
        };
    }

    private static (int Line, int Column) LastReadablePosition(string text)
    {
        var scanner = new Scanner(new StringReader(text));
        var last = Mark.Empty;
        try
        {
            while (scanner.MoveNext())
            {
                last = scanner.Current!.Start;
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            // The position of the last token read is the answer.
        }
        return ((int)last.Line, (int)last.Column);
    }

    private static RequestSpec ReadRequest(string source, YamlNode node, string path)
    {
        var fields = new YamlFields(source, node, path, "name", "method", "path", "body", "weight", "contentType");
        var method = (fields.String("method") ?? "GET").ToUpperInvariant();
        if (!Methods.Contains(method))
        {
            throw fields.Error(fields.Get("method")!, fields.Field("method"), $"unknown HTTP method '{method}' (use {string.Join(", ", Methods)})");
        }
        var target = fields.String("path") ?? throw fields.Missing("path", "every request needs a path, e.g. /data/${id:1-1000}");
        if (!target.StartsWith('/'))
        {
            throw fields.Error(fields.Get("path")!, fields.Field("path"), $"must start with '/', got '{target}'");
        }
        var spec = new RequestSpec(method, target,
            Body: fields.String("body"),
            Weight: fields.Number("weight", min: 0) ?? 1,
            Name: fields.String("name"),
            ContentType: fields.String("contentType") ?? "application/json");
        Check(fields, "path", () => _ = spec.PathTemplate.Render());
        if (spec.Body is not null)
        {
            Check(fields, "body", () =>
            {
                var sample = spec.BodyTemplate!.Render();
                if (spec.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
                {
                    using var _ = JsonDocument.Parse(sample);
                }
            });
        }
        return spec;
    }

    /// <summary>Runs a check and reports its failure at the field's line.</summary>
    private static void Check(YamlFields fields, string key, Action check)
    {
        try
        {
            check();
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw fields.Error(fields.Get(key)!, fields.Field(key), ex.Message);
        }
    }

    private static LoadPhase ReadPhase(string source, YamlNode node, string path, int index, double previousRate)
    {
        var fields = new YamlFields(source, node, path, "name", "rate", "startRate", "stages", "duration", "vus", "thinkTime");
        var name = fields.String("name") ?? $"phase-{index + 1}";
        var models = LoadModels.Where(fields.Has).ToArray();
        if (models.Length != 1)
        {
            throw fields.Error(fields.Node, path, models.Length == 0
                ? "say how load arrives: 'rate' (constant arrival rate), 'stages' (ramping arrival rate) or 'vus' (virtual users)"
                : $"'{string.Join("' and '", models)}' cannot be combined in one phase");
        }
        switch (models[0])
        {
            case "rate":
            {
                var rate = fields.Number("rate", min: 0)!.Value;
                var duration = fields.Duration("duration") ?? throw fields.Missing("duration", "a constant-rate phase needs a duration, e.g. 30s");
                return LoadPhase.Constant(name, rate, duration);
            }
            case "stages":
            {
                var stages = fields.Sequence("stages").Select((stage, i) =>
                {
                    var stageFields = new YamlFields(source, stage, $"{path}.stages[{i}]", "target", "duration");
                    return new RateStage(
                        stageFields.Number("target", min: 0) ?? throw stageFields.Missing("target", "each stage needs a target rate (requests/s)"),
                        stageFields.Duration("duration") ?? throw stageFields.Missing("duration", "each stage needs a duration, e.g. 30s"));
                }).ToArray();
                if (stages.Length == 0)
                {
                    throw fields.Error(fields.Get("stages")!, fields.Field("stages"), "list at least one stage (target + duration)");
                }
                return LoadPhase.Ramping(name, fields.Number("startRate", min: 0) ?? previousRate, stages);
            }
            default:
            {
                var users = fields.Integer("vus", min: 1)!.Value;
                var duration = fields.Duration("duration") ?? throw fields.Missing("duration", "a virtual-user phase needs a duration, e.g. 30s");
                return LoadPhase.VirtualUsers(name, users, duration, ReadThinkTime(fields));
            }
        }
    }

    /// <summary><c>thinkTime: 100ms</c> (fixed) or <c>thinkTime: 50ms-200ms</c> (uniform).</summary>
    private static ThinkTime ReadThinkTime(YamlFields fields)
    {
        var text = fields.String("thinkTime");
        if (text is null)
        {
            return ThinkTime.None;
        }
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        if (parts.All(p => DurationText.TryParse(p, out _)))
        {
            var min = DurationText.Parse(parts[0]);
            var max = parts.Length == 2 ? DurationText.Parse(parts[1]) : min;
            if (max >= min)
            {
                return new ThinkTime(min, max);
            }
        }
        throw fields.Error(fields.Get("thinkTime")!, fields.Field("thinkTime"), $"expected a duration (100ms) or a range (50ms-200ms), got '{text}'");
    }

    private static Threshold ReadThreshold(YamlFields root, YamlNode node, string path)
    {
        var text = (node as YamlScalarNode)?.Value ?? throw root.Error(node, path, "expected text such as 'p99<200ms'");
        try
        {
            return Threshold.Parse(text);
        }
        catch (FormatException ex)
        {
            throw root.Error(node, path, ex.Message);
        }
    }
}
