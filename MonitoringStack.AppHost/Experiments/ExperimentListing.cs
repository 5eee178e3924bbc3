using MonitoringStack.Experiments.Running;
using MonitoringStack.Topology;

namespace MonitoringStack.AppHost.Experiments;

/// <summary><c>experiment list</c>: the experiments under experiments/, without starting anything.</summary>
public static class ExperimentListing
{
    public static int Print()
    {
        var catalog = new ExperimentCatalog(Path.Combine(StackTopology.FindRepositoryRoot(AppContext.BaseDirectory), "experiments"));
        foreach (var definition in catalog.All)
        {
            Console.WriteLine($"{definition.Name,-22} {definition.Kind,-12} {definition.Title}{(definition.InAll ? "" : " (not in 'all': run it by name)")}");
        }
        return 0;
    }
}
