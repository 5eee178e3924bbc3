using MonitoringStack.Experiments.Definitions;

namespace MonitoringStack.Experiments.Running;

/// <summary>The experiments under <c>experiments/</c>, and which of them a request means.</summary>
public sealed class ExperimentCatalog(string directory)
{
    /// <summary>What <c>demo</c> runs: scaling, a kill and a latency fault, in about eight minutes on 2 cores.</summary>
    public static readonly IReadOnlyList<string> DemoSuite = ["scalability", "kill-replica", "latency-injection"];

    public IReadOnlyDictionary<string, string> Files { get; } = ExperimentLoader.Discover(directory);

    /// <summary>Name, kind and title of every experiment, for <c>experiment list</c>.</summary>
    public IEnumerable<ExperimentDefinition> All => Files.Values.Select(ExperimentLoader.LoadFile);

    /// <summary>
    /// The named experiments, loaded and validated. <c>all</c> is every experiment whose definition does
    /// not leave itself out (<see cref="ExperimentDefinition.InAll"/>), scalability first.
    /// </summary>
    /// <exception cref="ExperimentDefinitionException">An unknown name (the message lists the known ones) or an invalid file.</exception>
    public IReadOnlyList<ExperimentDefinition> Select(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var wanted = names.ToArray();
        if (wanted.Length == 0)
        {
            throw new ExperimentDefinitionException($"name at least one experiment, or 'all' (known: {string.Join(", ", Files.Keys)})");
        }
        if (wanted is ["all"])
        {
            return [.. Files.Keys.OrderBy(n => n == "scalability" ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal)
                .Select(n => ExperimentLoader.LoadFile(Files[n])).Where(d => d.InAll)];
        }
        return wanted.Select(name => Files.TryGetValue(name, out var file)
            ? ExperimentLoader.LoadFile(file)
            : throw new ExperimentDefinitionException($"no experiment '{name}' under experiments/ (known: {string.Join(", ", Files.Keys)})")).ToArray();
    }
}
