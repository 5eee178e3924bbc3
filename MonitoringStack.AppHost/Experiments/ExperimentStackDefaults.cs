using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using MonitoringStack.Topology;

namespace MonitoringStack.AppHost.Experiments;

/// <summary>
/// The stack that <c>demo</c> and <c>experiment run</c> start keeps its state in a folder of its own
/// (<c>.state/experiments</c>) and starts with fresh data. Persisted state changed figures: Alertmanager's
/// notification log remembered a HighCPUUsage page from an earlier run whose stack had stopped before the
/// alert resolved, so the same alert firing in the next run was taken for a repeat and never notified;
/// Prometheus kept that run's replicas "up" for its 5-minute lookback. The stack a person runs with
/// <c>dotnet run</c> keeps its data in <c>.state/aspire</c>, untouched by experiment runs.
/// </summary>
public static class ExperimentStackDefaults
{
    public const string StateFolderName = "experiments";

    /// <summary>Adds the defaults beneath every other configuration source, so <c>--Stack:StateDirectory</c> or <c>--Stack:FreshData=false</c> still win.</summary>
    public static void Apply(IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var root = StackTopology.FindRepositoryRoot(builder.AppHostDirectory);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                [StackSettings.StateDirectoryKey] = Path.Combine(root, ".state", StateFolderName),
                [StackSettings.FreshDataKey] = "true",
            },
        });
    }
}
