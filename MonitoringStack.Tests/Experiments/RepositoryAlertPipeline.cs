using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Observation;
using MonitoringStack.Tests.Config;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Tests.Experiments;

/// <summary>The alert pipeline settings the repository's configuration gives: rendered configs and rule files.</summary>
public static class RepositoryAlertPipeline
{
    public static AlertPipelineSettings Load(TempFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var rendered = RepositoryConfig.Render(folder, HostingMode.Local);
        return AlertPipelineSettings.FromConfig(File.ReadAllText(rendered.PrometheusConfigFile), StackTopology.ApiJob,
            RuleFiles.AllRules.Select(r => new RuleText(r.Alert ?? r.Record ?? "", r.Alert is not null, r.Expr,
                r.For is { } f ? Durations.Parse(f) : TimeSpan.Zero, r.Labels.GetValueOrDefault("severity", ""))),
            File.ReadAllText(rendered.AlertmanagerConfigFile));
    }
}
