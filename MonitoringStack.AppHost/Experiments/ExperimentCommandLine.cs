using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Experiments.Running;
using MonitoringStack.Topology;

namespace MonitoringStack.AppHost.Experiments;

/// <summary>
/// The AppHost's own verbs, ahead of Aspire's arguments:
/// <c>demo</c> (the short suite), <c>experiment list</c>, <c>experiment run &lt;names&gt;|all</c>,
/// <c>experiment compare &lt;baseline&gt; &lt;candidate&gt;</c> (no stack: reads two runs, exits 0, 4 or 2).
/// With a verb, the AppHost starts the stack, runs the experiments, writes the report and exits with 0
/// (every hypothesis held), 3 (one failed) or 1 (the suite could not run); without one it just runs the stack.
/// Everything is checked before anything starts: after a verb only settings (<c>--Stack:…</c>,
/// <c>--Experiments:…</c>, <c>--Parameters:…</c>) and the comparison's options (<see cref="CompareOptions"/>)
/// may follow, and experiment names must exist. With <c>--baseline</c>, a run is compared with it when it ends.
/// </summary>
public sealed record ExperimentCommandLine(bool ListOnly, IReadOnlyList<string> Names, string[] AspireArgs)
{
    public const string Usage = "usage: dotnet run --project MonitoringStack.AppHost -- [demo | experiment list | experiment run <name>... | experiment run all] [--baseline <run>] [--Experiments:Out=<folder>] [--Stack:<setting>=<value>] [--Parameters:<name>=<value>]"
        + " | experiment compare <baseline> <candidate> [--alpha <α>] [--min-difference <kind>=<amount>]...";

    /// <summary>The comparison asked for: the two runs of <c>experiment compare</c> (no stack), or the baseline a run is compared with.</summary>
    public CompareOptions Comparison { get; init; } = new(new MonitoringStack.Experiments.Compare.CompareSettings(), null);

    /// <summary>Set for <c>experiment compare</c>: the candidate run (the baseline is <see cref="CompareOptions.Baseline"/>).</summary>
    public string? CompareCandidate { get; init; }

    /// <summary>Null when the arguments start with no verb (a plain stack run: they all go to Aspire).</summary>
    /// <exception cref="StackInputException">An unknown verb or option, a missing or unknown experiment name.</exception>
    public static ExperimentCommandLine? Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || IsOption(args[0]))
        {
            return null;
        }
        var rest = args[1..];
        switch (args[0])
        {
            case "demo":
                var (demoComparison, demoSettings) = CompareOptions.Extract("demo", rest, baselineAllowed: true);
                return new ExperimentCommandLine(false, ExperimentCatalog.DemoSuite, SettingsOnly("demo", demoSettings)) { Comparison = demoComparison };
            case "experiment" when rest is ["list", ..]:
                return new ExperimentCommandLine(true, [], SettingsOnly("experiment list", rest[1..]));
            case "experiment" when rest is ["run", ..]:
                var names = rest[1..].TakeWhile(a => !IsOption(a)).ToArray();
                if (names.Length == 0)
                {
                    throw new StackInputException("experiment run needs at least one experiment name, or 'all' (see: experiment list). " + Usage);
                }
                CheckNames(names);
                var (runComparison, runSettings) = CompareOptions.Extract("experiment run", rest[(1 + names.Length)..], baselineAllowed: true);
                return new ExperimentCommandLine(false, names, SettingsOnly("experiment run", runSettings)) { Comparison = runComparison };
            case "experiment" when rest is ["compare", ..]:
                return Compare(rest[1..]);
            case "experiment":
                throw new StackInputException(
                    (rest.Length == 0 || IsOption(rest[0]) ? "experiment needs 'list', 'run' or 'compare'. " : $"unknown experiment command '{rest[0]}': use 'list', 'run' or 'compare'. ") + Usage);
            default:
                throw new StackInputException($"unknown command '{args[0]}': the commands are 'demo' and 'experiment', or none to run the stack. " + Usage);
        }
    }

    /// <summary>
    /// <c>experiment compare &lt;baseline&gt; &lt;candidate&gt;</c> and its options. The runs are read by the
    /// comparison itself, so a missing or damaged one is reported there with the same exit code (2).
    /// </summary>
    private static ExperimentCommandLine Compare(string[] args)
    {
        var (options, rest) = CompareOptions.Extract("experiment compare", args, baselineAllowed: false);
        if (rest is not [var baseline, var candidate])
        {
            throw new StackInputException($"experiment compare needs two runs, a baseline and a candidate (each a run folder or its results.json), and only --alpha or --min-difference besides; got {(rest.Length == 0 ? "none" : string.Join(" ", rest))}. " + Usage);
        }
        return new ExperimentCommandLine(false, [], []) { Comparison = options with { Baseline = baseline }, CompareCandidate = candidate };
    }

    /// <summary>An option or a <c>Key=value</c> setting, which the configuration's command-line source reads; anything else is a word of a command.</summary>
    private static bool IsOption(string arg) => arg.StartsWith('-') || arg.StartsWith('/') || arg.Contains('=', StringComparison.Ordinal);

    /// <summary>
    /// What may follow a verb: settings the stack reads, in the forms the configuration's command-line source
    /// takes (<c>--Key=value</c>, <c>--Key value</c>, <c>/Key=value</c>, <c>Key=value</c>). Their values are
    /// checked with every other source by <see cref="StackSettingsCheck"/>.
    /// </summary>
    private static string[] SettingsOnly(string verb, string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!IsOption(arg) || (arg.StartsWith('-') && !arg.StartsWith("--", StringComparison.Ordinal)))
            {
                throw new StackInputException($"unexpected argument '{arg}' after '{verb}': only settings may follow it (--Stack:<setting>=<value>, --Experiments:Out=<folder>, --Parameters:<name>=<value>). " + Usage);
            }
            var body = arg.TrimStart('-', '/');
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var key = equals >= 0 ? body[..equals] : body;
            if (!StackSettingsCheck.IsStackKey(key))
            {
                throw new StackInputException($"unknown option '{arg}' after '{verb}': only settings may follow it (--Stack:<setting>=<value>, --Experiments:Out=<folder>, --Parameters:<name>=<value>). " + Usage);
            }
            if (equals < 0)
            {
                if (i + 1 >= args.Length)
                {
                    throw new StackInputException($"option '{arg}' needs a value: {arg}=<value>");
                }
                i++;
            }
        }
        return args;
    }

    private static void CheckNames(IEnumerable<string> names)
    {
        try
        {
            new ExperimentCatalog(Path.Combine(StackTopology.FindRepositoryRoot(AppContext.BaseDirectory), "experiments")).Select(names);
        }
        catch (ExperimentDefinitionException ex)
        {
            throw new StackInputException(ex.Message, ex);
        }
    }
}
