using System.CommandLine;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Lab.Experiments;
using MonitoringStack.Lab.Stack;

namespace MonitoringStack.Lab.Commands;

/// <summary><c>experiment list|run</c> and <c>demo</c>: run experiments on a fresh local stack and write the report.</summary>
internal static class ExperimentCommands
{
    /// <summary>What <c>demo</c> runs: scaling, a kill and a latency fault, in about eight minutes on 2 cores.</summary>
    public static readonly string[] DemoSuite = ["scalability", "kill-replica", "latency-injection"];

    private static readonly Option<string?> Out = new("--out") { Description = "Where runs are written (default artifacts/experiments)" };
    private static readonly Option<bool> NoBuild = new("--no-build") { Description = "Use the existing Release build of the API" };

    public static Command Experiment()
    {
        var list = new Command("list", "List the experiments under experiments/");
        list.SetAction(_ =>
        {
            foreach (var (name, file) in ExperimentLoader.Discover(ExperimentsDirectory()))
            {
                var definition = ExperimentLoader.LoadFile(file);
                Console.WriteLine($"{name,-22} {definition.Kind,-12} {definition.Title}");
            }
            return 0;
        });
        var names = new Argument<string[]>("names") { Description = "Experiment names, or 'all'", Arity = ArgumentArity.OneOrMore };
        var run = new Command("run", "Run experiments on a fresh local stack and write results.json, report.html and report.md") { names, Out, NoBuild };
        run.SetAction((parse, _) => RunAsync(parse, Select(parse.GetValue(names) ?? [])));
        return new Command("experiment", "Scalability and resilience experiments") { list, run };
    }

    public static Command Demo()
    {
        var demo = new Command("demo", $"Bring the stack up, run a short suite ({string.Join(", ", DemoSuite)}), write the report") { Out, NoBuild };
        demo.SetAction((parse, _) => RunAsync(parse, Select(DemoSuite)));
        return demo;
    }

    private static string ExperimentsDirectory() => Path.Combine(CommonOptions.RepositoryRoot(), "experiments");

    private static List<ExperimentDefinition> Select(IEnumerable<string> names)
    {
        var available = ExperimentLoader.Discover(ExperimentsDirectory());
        var wanted = names.ToArray();
        if (wanted.Length == 1 && wanted[0] == "all")
        {
            wanted = [.. available.Keys.OrderBy(n => n == "scalability" ? 0 : 1).ThenBy(n => n, StringComparer.Ordinal)];
        }
        return wanted.Select(name => available.TryGetValue(name, out var file)
            ? ExperimentLoader.LoadFile(file)
            : throw new LabException($"no experiment '{name}' under experiments/ (known: {string.Join(", ", available.Keys)})")).ToList();
    }

    private static async Task<int> RunAsync(ParseResult parse, List<ExperimentDefinition> definitions)
    {
        using var signals = new ShutdownSignals();
        var stop = signals.Token;

        var root = CommonOptions.RepositoryRoot();
        var replicas = definitions.Max(d => Math.Max(d.Replicas, d.Scalability?.ReplicaCounts.Max() ?? 1));
        var options = new LabOptions
        {
            RepositoryRoot = root,
            Topology = CommonOptions.Topology(parse, root) with { Replicas = replicas },
            StateDirectory = parse.GetValue(CommonOptions.StateDir),
            Build = !parse.GetValue(NoBuild),
            StartGrafana = false,
        };
        var outputRoot = parse.GetValue(Out) ?? Path.Combine(root, "artifacts", "experiments");
        void Log(string line) => Console.WriteLine($"[{DateTimeOffset.Now:HH:mm:ss}] {line}");

        Log($"starting the stack with {replicas} API replicas (experiments: {string.Join(", ", definitions.Select(d => d.Name))})");
        await using var stack = await LocalStack.StartAsync(options, line => Log("lab: " + line), stop);
        try
        {
            var (suite, files) = await new SuiteRunner(stack, Log).RunAsync(definitions, outputRoot, stop);
            Log($"report: {files.Html}");
            Log($"        {files.Markdown}");
            Log($"results: {files.ResultsJson}");
            Log(suite.HypothesesHeld ? "every hypothesis held" : "at least one hypothesis FAILED (exit code 3)");
            return suite.HypothesesHeld ? 0 : 3;
        }
        catch (OperationCanceledException)
        {
            Log("interrupted: stopping the stack; the report holds the experiments that finished");
            return 130;
        }
        finally
        {
            await stack.StopAsync();
        }
    }
}
