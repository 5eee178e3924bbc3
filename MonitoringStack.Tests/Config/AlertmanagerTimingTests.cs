using MonitoringStack.Experiments.Analysis;
using MonitoringStack.Experiments.Observation;
using MonitoringStack.Topology.Rendering;
using YamlDotNet.RepresentationModel;

namespace MonitoringStack.Tests.Config;

/// <summary>
/// The rendered Alertmanager config cannot lose a notification: an alert that fires for one rule
/// evaluation is resolved one evaluation interval later, so every route must flush a new group
/// (group_wait) and an existing one (group_interval) well within that, and report the resolution.
/// ShortAlertNotificationTests shows the same with the real programs.
/// </summary>
public sealed class AlertmanagerTimingTests : IDisposable
{
    /// <summary>Left for Prometheus' send and Alertmanager's dispatch between the flush and the resolution.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);
    private readonly TempFolder _folder = new("am-timing");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Every_route_flushes_within_one_evaluation_interval()
    {
        var rendered = RepositoryConfig.Render(_folder, HostingMode.Local);
        var prometheus = Load(rendered.PrometheusConfigFile);
        var evaluation = Durations.Parse(Scalar(prometheus, "global", "evaluation_interval"));

        var timing = AlertmanagerTiming.Parse(File.ReadAllText(rendered.AlertmanagerConfigFile));

        Assert.Equal(5, timing.Routes.Count);
        Assert.All(timing.Routes, route =>
        {
            Assert.True(route.Timing.GroupWait + Margin <= evaluation, $"{route.Matchers}: group_wait {route.Timing.GroupWait} leaves less than {Margin} of the {evaluation} evaluation interval");
            Assert.True(route.Timing.GroupInterval + Margin <= evaluation, $"{route.Matchers}: group_interval {route.Timing.GroupInterval} leaves less than {Margin} of the {evaluation} evaluation interval");
        });
    }

    [Fact]
    public void Every_receiver_but_the_watchdog_reports_resolutions()
    {
        var rendered = RepositoryConfig.Render(_folder, HostingMode.Local);
        var receivers = (YamlSequenceNode)Load(rendered.AlertmanagerConfigFile).Children[new YamlScalarNode("receivers")];

        foreach (var receiver in receivers.Children.Cast<YamlMappingNode>())
        {
            var name = ((YamlScalarNode)receiver.Children[new YamlScalarNode("name")]).Value;
            var integrations = receiver.Children.Where(c => ((YamlScalarNode)c.Key).Value!.EndsWith("_configs", StringComparison.Ordinal))
                .SelectMany(c => ((YamlSequenceNode)c.Value).Children.Cast<YamlMappingNode>()).ToArray();
            Assert.NotEmpty(integrations);
            Assert.All(integrations, integration => Assert.Equal(name != "watchdog" ? "true" : "false",
                ((YamlScalarNode)integration.Children[new YamlScalarNode("send_resolved")]).Value));
        }
    }

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode root, string section, string key) =>
        ((YamlScalarNode)((YamlMappingNode)root.Children[new YamlScalarNode(section)]).Children[new YamlScalarNode(key)]).Value!;
}
