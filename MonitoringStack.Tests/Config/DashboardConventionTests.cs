using System.Text.Json;
using System.Text.RegularExpressions;

namespace MonitoringStack.Tests.Config;

/// <summary>Static conventions of the provisioned dashboards (the live test checks that the queries return data).</summary>
public partial class DashboardConventionTests
{
    [GeneratedRegex(@"\b(?:rate|increase|irate)\([^\[]*\[(?<window>[^\]]+)\]")]
    private static partial Regex RangeFunctionWindow();

    public static TheoryData<string> Dashboards() => [.. DashboardQueries.DashboardFiles.Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Panels_use_the_provisioned_datasource_set_units_and_rate_over_rate_interval(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryConfig.ConfigPath("grafana", "dashboards", fileName)));
        var panels = document.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.TryGetProperty("targets", out _)).ToArray();

        Assert.NotEmpty(panels);
        foreach (var panel in panels)
        {
            var title = panel.GetProperty("title").GetString();
            Assert.Equal("prometheus", panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.False(string.IsNullOrEmpty(panel.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString()), $"{title}: unit");
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                var expr = target.GetProperty("expr").GetString()!;
                Assert.All(RangeFunctionWindow().Matches(expr), m => Assert.Equal("$__rate_interval", m.Groups["window"].Value));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Fault_periods_are_marked_by_an_annotation_from_the_chaos_gauge(string fileName)
    {
        var file = RepositoryConfig.ConfigPath("grafana", "dashboards", fileName);

        Assert.Contains(DashboardQueries.Queries(file), q => q.Panel.StartsWith("annotation", StringComparison.Ordinal)
            && q.Expression.Contains("monitoringstack_chaos_fault_active", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Stack_faults_and_experiments_are_marked_by_annotations_from_the_fault_board(string fileName)
    {
        var annotations = DashboardQueries.Queries(RepositoryConfig.ConfigPath("grafana", "dashboards", fileName))
            .Where(q => q.Panel.StartsWith("annotation", StringComparison.Ordinal)).ToArray();

        Assert.Contains(annotations, q => q.Expression == DashboardQueries.StackFaultsAnnotation);
        Assert.Contains(annotations, q => q.Expression.Contains("monitoringstack_experiment_running", StringComparison.Ordinal));
    }

    [Fact]
    public void Service_overview_has_job_and_instance_variables_from_label_values()
    {
        var variables = DashboardQueries.Variables(DashboardQueries.PathOf("monitoringstack-overview"));

        Assert.Equal(["job", "instance"], variables.Select(v => v.Name));
        Assert.All(variables, v => Assert.StartsWith("label_values(", v.Query, StringComparison.Ordinal));
    }

    [Fact]
    public void Dashboard_uids_are_unique_and_stable()
    {
        var uids = DashboardQueries.DashboardFiles.Select(f =>
        {
            using var document = JsonDocument.Parse(File.ReadAllText(f));
            return document.RootElement.GetProperty("uid").GetString();
        }).ToArray();

        Assert.Equal(["monitoringstack-loadgen", "monitoringstack-overview", "monitoringstack-slo"], uids.Order());
    }
}
