using MonitoringStack.Experiments.Definitions;
using MonitoringStack.LoadGen.Engine;

namespace MonitoringStack.Experiments.Running;

/// <summary>Turns an experiment's load section into a load generator profile.</summary>
public static class ExperimentLoad
{
    private static readonly Dictionary<string, int> DefaultMix = new(StringComparer.Ordinal)
    {
        ["GET /"] = 1,
        ["GET /data?page=1"] = 2,
        ["GET /data/{id}"] = 2,
    };

    /// <summary>Parses a mix key such as <c>GET /data/{id}</c> or <c>POST /process</c> into a request spec.</summary>
    public static RequestSpec Spec(string key, double weight)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split(' ', 2, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !parts[1].StartsWith('/'))
        {
            throw new ExperimentDefinitionException($"load mix entry '{key}' must look like 'GET /path'");
        }
        var method = parts[0].ToUpperInvariant();
        var path = parts[1]
            .Replace("{id}", "${id:1-1000}", StringComparison.Ordinal)
            .Replace("{page}", "${page:1-20}", StringComparison.Ordinal);
        var body = method == "POST" && path.StartsWith("/process", StringComparison.Ordinal) ? ApiRequestMix.OrderBody : null;
        return new RequestSpec(method, path, body, weight, Name: key);
    }

    /// <summary>
    /// The load split by HTTP method: one constant-rate profile per method of the mix, each with that
    /// method's entries and its share of the rate (by weight). One method gives one profile, the whole load.
    /// </summary>
    public static IReadOnlyList<(string Method, LoadProfile Profile)> ByMethod(string name, LoadDefinition load)
    {
        ArgumentNullException.ThrowIfNull(load);
        var mix = load.Mix.Count == 0 ? DefaultMix : load.Mix;
        var total = (double)mix.Values.Sum();
        return mix.GroupBy(p => Spec(p.Key, p.Value).Method, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var part = new LoadDefinition
                {
                    Rate = load.Rate * g.Sum(p => p.Value) / total,
                    DurationSeconds = load.DurationSeconds,
                    Mix = g.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
                };
                return (g.Key, Constant($"{name} {g.Key}", part));
            })
            .ToArray();
    }

    public static LoadProfile Constant(string name, LoadDefinition load, double? rate = null, int? seconds = null)
    {
        ArgumentNullException.ThrowIfNull(load);
        var mix = (load.Mix.Count == 0 ? DefaultMix : load.Mix).Select(p => Spec(p.Key, p.Value)).ToArray();
        return new LoadProfile
        {
            Name = name,
            Mix = mix,
            Phases = [LoadPhase.Constant("steady", rate ?? load.Rate, TimeSpan.FromSeconds(seconds ?? load.DurationSeconds))],
            // A hung replica must show up as slow or failed requests within the experiment, not after it.
            RequestTimeout = TimeSpan.FromSeconds(5),
            MaxInFlight = 2000,
        };
    }
}
