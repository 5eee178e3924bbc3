using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Tests.Config;

/// <summary>The real tools check the rendered configs: promtool, amtool, nginx -t.</summary>
public sealed class ConfigToolCheckTests : IDisposable
{
    private readonly TempFolder _folder = new("tools");

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(HostingMode.Local)]
    [InlineData(HostingMode.Containers)]
    public async Task Promtool_accepts_rendered_prometheus_config_and_rules(HostingMode mode)
    {
        var rendered = RepositoryConfig.Render(_folder, mode);

        var config = await ToolRun.SucceedsAsync(HostTools.Promtool, "check", "config", rendered.PrometheusConfigFile);
        var rules = await ToolRun.SucceedsAsync(HostTools.Promtool, ["check", "rules", .. Directory.GetFiles(rendered.PrometheusRulesDirectory, "*.yml")]);

        // check config also checks the rule files it references: they must have been found.
        Assert.Contains("rules found", config.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", rules.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_rule_unit_tests_pass()
    {
        var result = await ToolRun.SucceedsAsync(HostTools.Promtool, ["test", "rules", .. RuleFiles.TestPaths]);

        Assert.Equal(RuleFiles.TestPaths.Count, result.Output.Split("SUCCESS").Length - 1);
    }

    [Theory]
    [InlineData(HostingMode.Local, false)]
    [InlineData(HostingMode.Containers, false)]
    [InlineData(HostingMode.Local, true)]
    public async Task Amtool_accepts_rendered_alertmanager_config(HostingMode mode, bool withEmail)
    {
        var options = withEmail
            ? new RenderOptions { Smtp = new SmtpSettings { Smarthost = "127.0.0.1:2525", From = "alerts@example.org", To = "oncall@example.org" } }
            : new RenderOptions();
        var rendered = RepositoryConfig.Render(_folder, mode, options: options);

        var result = await ToolRun.SucceedsAsync(HostTools.Amtool, "check-config", rendered.AlertmanagerConfigFile);

        Assert.Contains("5 receivers", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 templates", result.Output, StringComparison.Ordinal);
        Assert.Contains("2 inhibit rules", result.Output, StringComparison.Ordinal);
    }

    /// <summary>Which receiver each kind of alert reaches (amtool config routes test --verify.receivers).</summary>
    [Theory]
    [InlineData("watchdog", "alertname=Watchdog", "severity=none")]
    [InlineData("critical", "alertname=AppDown", "severity=critical", "job=api", "instance=api-0")]
    [InlineData("critical", "alertname=ApiAvailabilityBudgetBurn", "severity=critical", "slo=api-availability")]
    [InlineData("warning", "alertname=HighErrorRate", "severity=warning", "job=api")]
    [InlineData("info", "alertname=ReplicaRestarted", "severity=info")]
    [InlineData("info", "alertname=SomethingElse", "severity=none")]
    [InlineData("default", "alertname=Unlabelled")]
    public async Task Amtool_routes_alerts_to_the_receiver_of_their_severity(string receiver, params string[] labels)
    {
        var rendered = RepositoryConfig.Render(_folder, HostingMode.Local);

        var result = await ToolRun.RunAsync(HostTools.Amtool, ["config", "routes", "test", $"--config.file={rendered.AlertmanagerConfigFile}", $"--verify.receivers={receiver}", .. labels]);

        Assert.True(result.ExitCode == 0, result.ToString());
        // First line: the receiver names; amtool may add a warning line about its own flags after it.
        Assert.Equal(receiver, result.Output.Split('\n')[0].Trim());
    }

    [Fact]
    public async Task Amtool_route_test_fails_for_a_wrong_receiver()
    {
        var rendered = RepositoryConfig.Render(_folder, HostingMode.Local);

        var result = await ToolRun.RunAsync(HostTools.Amtool, ["config", "routes", "test", $"--config.file={rendered.AlertmanagerConfigFile}", "--verify.receivers=info", "alertname=AppDown", "severity=critical"]);

        Assert.NotEqual(0, result.ExitCode);
    }

    /// <summary>
    /// Local mode only: containers-mode paths (/etc/nginx/conf.d, /var/cache/nginx) exist only inside
    /// the nginx image, so nginx -t cannot resolve them on this host.
    /// </summary>
    [Fact]
    public async Task Nginx_accepts_rendered_config_unprivileged_under_its_prefix()
    {
        // As the AppHost renders it: with the location that serves the experiment reports.
        var rendered = RepositoryConfig.Render(_folder, HostingMode.Local,
            options: new RenderOptions { ExperimentReportsDirectory = _folder.Combine("experiments") });

        var result = await ToolRun.SucceedsAsync(HostTools.Nginx, "-t", "-e", "stderr", "-p", rendered.NginxPrefixDirectory, "-c", rendered.NginxConfigFile);

        Assert.Contains("test is successful", result.Output, StringComparison.Ordinal);
    }
}
