using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Load.Engine;

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
    /// The load split by HTTP method: one open-model profile per method of the mix, each with that
    /// method's entries and its share of the rate (by weight) in every phase. One method gives one
    /// profile, the whole load.
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
                var share = g.Sum(p => p.Value) / total;
                var part = new LoadDefinition
                {
                    Phases = [.. load.Schedule.Select(p => new LoadPhaseDefinition { Rate = p.Rate * share, DurationSeconds = p.DurationSeconds })],
                    Mix = g.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
                };
                return (g.Key, Profile($"{name} {g.Key}", part));
            })
            .ToArray();
    }

    /// <summary>One step of load: <paramref name="rate"/> requests/s of the definition's mix for <paramref name="seconds"/>.</summary>
    public static LoadProfile Constant(string name, LoadDefinition load, double rate, int seconds)
    {
        ArgumentNullException.ThrowIfNull(load);
        return Profile(name, new LoadDefinition { Rate = rate, DurationSeconds = seconds, Mix = load.Mix });
    }

    /// <summary>
    /// The definition's schedule as one open-model phase. Phases after the first are stages that jump
    /// to their rate (a zero-length stage) and hold it: one arrival schedule on one clock, so a phase
    /// starts exactly at its second from the start of the load, not after the previous one's stragglers.
    /// </summary>
    public static LoadProfile Profile(string name, LoadDefinition load)
    {
        ArgumentNullException.ThrowIfNull(load);
        var mix = (load.Mix.Count == 0 ? DefaultMix : load.Mix).Select(p => Spec(p.Key, p.Value)).ToArray();
        var schedule = load.Schedule;
        var phase = schedule.Count == 1
            ? LoadPhase.Constant("steady", schedule[0].Rate, TimeSpan.FromSeconds(schedule[0].DurationSeconds))
            : LoadPhase.Ramping("phases", schedule[0].Rate, [.. schedule.SelectMany((p, i) => Hold(p, jump: i > 0))]);
        return new LoadProfile
        {
            Name = name,
            Mix = mix,
            Phases = [phase],
            // A hung replica must show up as slow or failed requests within the experiment, not after it.
            RequestTimeout = TimeSpan.FromSeconds(5),
            MaxInFlight = 2000,
        };
    }

    private static IEnumerable<RateStage> Hold(LoadPhaseDefinition phase, bool jump)
    {
        if (jump)
        {
            yield return new RateStage(phase.Rate, TimeSpan.Zero);
        }
        yield return new RateStage(phase.Rate, TimeSpan.FromSeconds(phase.DurationSeconds));
    }
}
