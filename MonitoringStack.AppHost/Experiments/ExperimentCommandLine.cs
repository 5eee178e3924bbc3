namespace MonitoringStack.AppHost.Experiments;

/// <summary>
/// The AppHost's own verbs, ahead of Aspire's arguments:
/// <c>demo</c> (the short suite), <c>experiment list</c>, <c>experiment run &lt;names&gt;|all</c>.
/// With a verb, the AppHost starts the stack, runs the experiments, writes the report and exits with 0
/// (every hypothesis held), 3 (one failed) or 1 (the suite could not run); without one it just runs the stack.
/// </summary>
public sealed record ExperimentCommandLine(bool ListOnly, IReadOnlyList<string> Names, string[] AspireArgs)
{
    public const string Usage = "usage: dotnet run --project MonitoringStack.AppHost -- [demo | experiment list | experiment run <name>... | experiment run all] [--Experiments:Out=<folder>] [Aspire/Stack settings]";

    /// <summary>Null when the first argument is not one of the AppHost's verbs (a plain stack run).</summary>
    /// <exception cref="StackConfigurationException">A verb used wrongly; the message is the usage line.</exception>
    public static ExperimentCommandLine? Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            return null;
        }
        var rest = args.Skip(1).ToArray();
        switch (args[0])
        {
            case "demo":
                return new ExperimentCommandLine(false, MonitoringStack.Experiments.Running.ExperimentCatalog.DemoSuite, rest);
            case "experiment" when rest is ["list", ..]:
                return new ExperimentCommandLine(true, [], rest[1..]);
            case "experiment" when rest is ["run", ..]:
                var names = rest[1..].TakeWhile(a => !a.StartsWith('-')).ToArray();
                if (names.Length == 0)
                {
                    throw new StackConfigurationException("experiment run needs at least one experiment name, or 'all'. " + Usage);
                }
                return new ExperimentCommandLine(false, names, rest[(1 + names.Length)..]);
            case "experiment":
                throw new StackConfigurationException(Usage);
            default:
                return null;
        }
    }
}
