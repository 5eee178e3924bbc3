using System.Text.Json;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Tests.Config;

public sealed class StackConfigRendererTests : IDisposable
{
    private readonly TempFolder _folder = new("render");
    private static readonly StackTopology Topology = new()
    {
        Replicas = 3,
        ApiBasePort = 6101,
        Ports = new ComponentPorts { Prometheus = 19090, Alertmanager = 19093, Nginx = 15080, NginxStatus = 15081, WebhookReceiver = 19095, FaultMetrics = 19096 },
    };

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Local_mode_puts_every_address_on_loopback_at_topology_ports()
    {
        var rendered = RepositoryConfig.Render(_folder, HostingMode.Local, Topology);

        var prometheus = File.ReadAllText(rendered.PrometheusConfigFile);
        Assert.Contains("'127.0.0.1:19093'", prometheus, StringComparison.Ordinal);
        Assert.Contains("'127.0.0.1:19090'", prometheus, StringComparison.Ordinal);
        Assert.Contains("\"127.0.0.1:9464\"", File.ReadAllText(rendered.LoadGenTargetsFile), StringComparison.Ordinal);
        Assert.Equal(
            [("127.0.0.1:6101", "api-0"), ("127.0.0.1:6102", "api-1"), ("127.0.0.1:6103", "api-2")],
            ReadTargets(rendered.ApiTargetsFile).Select(t => (t.Target, t.Labels["instance"])));

        var nginx = File.ReadAllText(rendered.NginxConfigFile);
        Assert.Contains("listen 127.0.0.1:15080 backlog=4096;", nginx, StringComparison.Ordinal);
        Assert.Contains("listen 127.0.0.1:15081;", nginx, StringComparison.Ordinal);
        Assert.Contains($"pid {Path.Combine(rendered.NginxPrefixDirectory, "nginx.pid")};", nginx, StringComparison.Ordinal);
        Assert.Contains($"include {rendered.NginxUpstreamsFile};", nginx, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(rendered.NginxPrefixDirectory, "temp")));

        var upstreams = File.ReadAllText(rendered.NginxUpstreamsFile);
        Assert.Contains("server 127.0.0.1:6101 ", upstreams, StringComparison.Ordinal);
        Assert.Contains("server 127.0.0.1:6103 ", upstreams, StringComparison.Ordinal);

        Assert.Contains("url: 'http://127.0.0.1:19095/alerts'", File.ReadAllText(rendered.AlertmanagerConfigFile), StringComparison.Ordinal);
        Assert.Contains("url: http://127.0.0.1:19090", ReadProvisioning(rendered, "datasources", "prometheus.yml"), StringComparison.Ordinal);
        Assert.Contains($"path: {rendered.GrafanaDashboardsDirectory}", ReadProvisioning(rendered, "dashboards", "monitoringstack.yml"), StringComparison.Ordinal);
        Assert.Empty(rendered.ContainerBindMounts);
    }

    [Fact]
    public void Containers_mode_uses_resource_names_host_gateway_and_image_paths()
    {
        var rendered = RepositoryConfig.Render(_folder, HostingMode.Containers, Topology);

        var prometheus = File.ReadAllText(rendered.PrometheusConfigFile);
        Assert.Contains("'alertmanager:19093'", prometheus, StringComparison.Ordinal);
        Assert.Contains("'prometheus:19090'", prometheus, StringComparison.Ordinal);
        Assert.Contains("\"host.docker.internal:9464\"", File.ReadAllText(rendered.LoadGenTargetsFile), StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", prometheus, StringComparison.Ordinal);
        Assert.All(ReadTargets(rendered.ApiTargetsFile), t => Assert.StartsWith("host.docker.internal:", t.Target, StringComparison.Ordinal));

        var nginx = File.ReadAllText(rendered.NginxConfigFile);
        Assert.Contains("listen 15080 backlog=4096;", nginx, StringComparison.Ordinal);
        Assert.Contains("include /etc/nginx/conf.d/upstreams.conf;", nginx, StringComparison.Ordinal);
        Assert.DoesNotContain(rendered.OutputDirectory, nginx, StringComparison.Ordinal);
        Assert.Contains("server host.docker.internal:6102 ", File.ReadAllText(rendered.NginxUpstreamsFile), StringComparison.Ordinal);

        var alertmanager = File.ReadAllText(rendered.AlertmanagerConfigFile);
        Assert.Contains("url: 'http://host.docker.internal:19095/alerts'", alertmanager, StringComparison.Ordinal);
        Assert.Contains("api_url_file: '/etc/alertmanager/secrets/slack_api_url'", alertmanager, StringComparison.Ordinal);

        Assert.Contains("url: http://prometheus:19090", ReadProvisioning(rendered, "datasources", "prometheus.yml"), StringComparison.Ordinal);
        Assert.Contains("path: /var/lib/grafana/dashboards", ReadProvisioning(rendered, "dashboards", "monitoringstack.yml"), StringComparison.Ordinal);

        Assert.Contains(rendered.ContainerBindMounts, m => m.Resource == "prometheus" && m.ContainerPath == "/etc/prometheus" && m.HostPath == Path.GetDirectoryName(rendered.PrometheusConfigFile));
        Assert.Contains(rendered.ContainerBindMounts, m => m.ContainerPath == "/etc/nginx" && m.HostPath == Path.GetDirectoryName(rendered.NginxConfigFile));
        // Folders only: azd deploys a bind mount as an Azure Files share, which mounts as a folder.
        Assert.All(rendered.ContainerBindMounts, m => Assert.True(m.IsDirectory, m.ContainerPath));
        Assert.All(rendered.ContainerBindMounts, m => Assert.True(Path.Exists(m.HostPath), m.HostPath));
    }

    [Fact]
    public void Published_containers_reach_api_replicas_and_loadgen_by_resource_name()
    {
        var rendered = RepositoryConfig.Render(_folder, HostingMode.Containers, Topology, new RenderOptions { ServicesByResourceName = true });

        Assert.Equal(Topology.ApiReplicas.Select(r => $"{r.Name}:{r.Port}"), ReadTargets(rendered.ApiTargetsFile).Select(t => t.Target));
        Assert.Contains("server api-1:6102 ", File.ReadAllText(rendered.NginxUpstreamsFile), StringComparison.Ordinal);
        Assert.Contains("\"loadgen:9464\"", File.ReadAllText(rendered.LoadGenTargetsFile), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HostingMode.Local)]
    [InlineData(HostingMode.Containers)]
    public void Every_placeholder_is_filled_and_rules_dashboards_templates_are_copied(HostingMode mode)
    {
        var rendered = RepositoryConfig.Render(_folder, mode, Topology);

        foreach (var file in Directory.EnumerateFiles(rendered.OutputDirectory, "*", SearchOption.AllDirectories))
        {
            var nonComment = File.ReadLines(file).Where(l => !l.TrimStart().StartsWith('#'));
            Assert.DoesNotContain(nonComment, l => l.Contains("${", StringComparison.Ordinal) && !l.Contains("$${", StringComparison.Ordinal));
        }
        Assert.Equal(
            Directory.GetFiles(RepositoryConfig.ConfigPath("prometheus", "rules"), "*.yml").Select(Path.GetFileName).Order(),
            Directory.GetFiles(rendered.PrometheusRulesDirectory).Select(Path.GetFileName).Order());
        Assert.Equal(
            Directory.GetFiles(RepositoryConfig.ConfigPath("grafana", "dashboards"), "*.json").Select(Path.GetFileName).Order(),
            Directory.GetFiles(rendered.GrafanaDashboardsDirectory).Select(Path.GetFileName).Order());
        Assert.NotEmpty(Directory.GetFiles(rendered.AlertmanagerTemplatesDirectory, "*.tmpl"));
    }

    [Fact]
    public void Scaling_rewrites_only_targets_and_upstreams_atomically()
    {
        var rendered = RepositoryConfig.Render(_folder, HostingMode.Local, Topology);
        var prometheusBefore = File.ReadAllText(rendered.PrometheusConfigFile);
        var nginxBefore = File.ReadAllText(rendered.NginxConfigFile);
        var scaled = Topology with { Replicas = 5 };

        StackConfigRenderer.WriteApiTargets(rendered, scaled, scaled.ApiReplicas);
        StackConfigRenderer.WriteNginxUpstreams(rendered, scaled, scaled.ApiReplicas.Where(r => r.Index != 1));

        Assert.Equal(["api-0", "api-1", "api-2", "api-3", "api-4"], ReadTargets(rendered.ApiTargetsFile).Select(t => t.Labels["replica"]));
        var upstreams = File.ReadAllText(rendered.NginxUpstreamsFile);
        Assert.Contains("server 127.0.0.1:6105 ", upstreams, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:6102", upstreams, StringComparison.Ordinal);
        Assert.Equal(prometheusBefore, File.ReadAllText(rendered.PrometheusConfigFile));
        Assert.Equal(nginxBefore, File.ReadAllText(rendered.NginxConfigFile));
        Assert.Empty(Directory.GetFiles(rendered.OutputDirectory, "*.tmp", SearchOption.AllDirectories));
        Assert.Throws<ArgumentException>(() => StackConfigRenderer.WriteNginxUpstreams(rendered, scaled, []));
    }

    [Fact]
    public void Api_targets_carry_service_replica_and_instance_labels()
    {
        var rendered = RepositoryConfig.Render(_folder, HostingMode.Local, Topology);

        var first = ReadTargets(rendered.ApiTargetsFile)[0];

        Assert.Equal(StackTopology.ServiceName, first.Labels["service"]);
        Assert.Equal("api-0", first.Labels["replica"]);
        Assert.Equal("api-0", first.Labels["instance"]);
    }

    [Fact]
    public void Email_receiver_is_rendered_only_with_smtp_settings_and_secrets_stay_out_of_configs()
    {
        var passwordFile = _folder.Combine("smtp-password");
        File.WriteAllText(passwordFile, "s3cret-password\n");
        var slackFile = _folder.Combine("slack-url");
        File.WriteAllText(slackFile, "https://hooks.slack.example/T000/B000/XXXX\n");
        var smtp = SmtpSettings.FromEnvironment(name => name switch
        {
            SmtpSettings.SmarthostVariable => "smtp.example.org:587",
            SmtpSettings.FromVariable => "alerts@example.org",
            SmtpSettings.ToVariable => "oncall@example.org",
            SmtpSettings.UsernameVariable => "alerts",
            SmtpSettings.PasswordFileVariable => passwordFile,
            _ => null,
        });
        Assert.NotNull(smtp);

        var without = File.ReadAllText(RepositoryConfig.Render(_folder, HostingMode.Local, Topology).AlertmanagerConfigFile);
        var rendered = RepositoryConfig.Render(_folder, HostingMode.Containers, Topology, new RenderOptions { Smtp = smtp, SlackWebhookUrlFile = slackFile });
        var with = File.ReadAllText(rendered.AlertmanagerConfigFile);

        Assert.DoesNotContain("email_configs", without, StringComparison.Ordinal);
        Assert.Contains("smtp_smarthost: 'smtp.example.org:587'", with, StringComparison.Ordinal);
        Assert.Contains("to: 'oncall@example.org'", with, StringComparison.Ordinal);
        Assert.Contains("smtp_auth_password_file: '/etc/alertmanager/secrets/smtp_password'", with, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-password", with, StringComparison.Ordinal);
        Assert.DoesNotContain("hooks.slack.example", with, StringComparison.Ordinal);
        Assert.Equal("s3cret-password", File.ReadAllText(Path.Combine(rendered.AlertmanagerSecretsDirectory, "smtp_password")));
        Assert.Equal("https://hooks.slack.example/T000/B000/XXXX", File.ReadAllText(Path.Combine(rendered.AlertmanagerSecretsDirectory, "slack_api_url")));
        Assert.Null(SmtpSettings.FromEnvironment(_ => null));
    }

    [Fact]
    public void Without_a_slack_secret_slack_notifications_go_to_the_local_webhook_receiver()
    {
        var rendered = RepositoryConfig.Render(_folder, HostingMode.Local, Topology);

        var slackFile = Path.Combine(rendered.AlertmanagerSecretsDirectory, "slack_api_url");
        Assert.Contains($"api_url_file: '{slackFile}'", File.ReadAllText(rendered.AlertmanagerConfigFile), StringComparison.Ordinal);
        Assert.Equal("http://127.0.0.1:19095/slack", File.ReadAllText(slackFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(slackFile));
        }
    }

    [Theory]
    [InlineData(HostingMode.Local, "127.0.0.1:19096")]
    [InlineData(HostingMode.Containers, "host.docker.internal:19096")]
    public void Fault_metrics_are_scraped_from_the_apphost_at_the_topology_port_only_when_served(HostingMode mode, string address)
    {
        var without = File.ReadAllText(RepositoryConfig.Render(_folder, mode, Topology).PrometheusConfigFile);
        var with = File.ReadAllText(RepositoryConfig.Render(_folder, mode, Topology, new RenderOptions { ScrapeFaultMetrics = true }).PrometheusConfigFile);

        Assert.DoesNotContain("job_name: faults", without, StringComparison.Ordinal);
        Assert.Contains("job_name: faults", with, StringComparison.Ordinal);
        Assert.Contains($"- targets: ['{address}']", with, StringComparison.Ordinal);
    }

    private static string ReadProvisioning(RenderedConfig rendered, string kind, string file) =>
        File.ReadAllText(Path.Combine(rendered.GrafanaProvisioningDirectory, kind, file));

    private static List<(string Target, Dictionary<string, string> Labels)> ReadTargets(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(group =>
        (
            Assert.Single(group.GetProperty("targets").EnumerateArray()).GetString()!,
            group.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
        )).ToList();
    }
}
