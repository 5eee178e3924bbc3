// Writes deploy/ from config/, config/topology.json and experiments/. `--check` writes nothing and
// exits 1 naming every file that differs (what the golden test asserts, for a pre-commit hook).
// `bench-config` renders local configs for scripts/bench-scale-cost.sh (BenchConfig.cs), `scale-config`
// the single and sharded Prometheus of scripts/bench-monitoring-scale.sh (ScaleConfig.cs).
using MonitoringStack.Deploy;
using MonitoringStack.Topology;

var root = StackTopology.FindRepositoryRoot(Environment.CurrentDirectory);
if (args.FirstOrDefault() == "bench-config")
{
    return BenchConfig.Run(root, args);
}
if (args.FirstOrDefault() == "scale-config")
{
    return ScaleConfig.Run(root, args);
}
var check = args.Contains("--check");
var files = DeployGenerator.Generate(root);
if (check)
{
    var stale = files.Where(f => !File.Exists(Path.Combine(root, f.RelativePath)) || File.ReadAllText(Path.Combine(root, f.RelativePath)) != f.Content).ToArray();
    foreach (var file in stale)
    {
        Console.Error.WriteLine($"stale: {file.RelativePath}");
    }
    return stale.Length == 0 ? 0 : 1;
}
foreach (var path in DeployGenerator.Write(root, files))
{
    Console.WriteLine($"wrote {path}");
}
Console.WriteLine($"{files.Count} files up to date");
return 0;
