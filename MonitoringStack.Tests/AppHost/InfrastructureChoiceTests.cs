using Microsoft.Extensions.Configuration;
using MonitoringStack.AppHost;
using MonitoringStack.Hosting;

namespace MonitoringStack.Tests.AppHost;

public sealed class InfrastructureChoiceTests
{
    [Fact]
    public void Containers_when_a_runtime_answers_and_the_reason_names_it()
    {
        var choice = InfrastructureChoice.Decide(null, isPublishMode: false, runtime => runtime == "podman");

        Assert.Equal(MonitoringRuntime.Container, choice.Kind);
        Assert.Contains("podman info", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Executables_when_no_runtime_answers()
    {
        var choice = InfrastructureChoice.Decide(null, isPublishMode: false, _ => false);

        Assert.Equal(MonitoringRuntime.Executable, choice.Kind);
        Assert.Contains("no container runtime", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_setting_wins_over_the_probe_and_publishing_describes_containers()
    {
        Assert.Equal(MonitoringRuntime.Executable, InfrastructureChoice.Decide("Executables", false, _ => true).Kind);
        Assert.Equal(MonitoringRuntime.Container, InfrastructureChoice.Decide(null, isPublishMode: true, _ => false).Kind);
    }

    [Fact]
    public void A_bad_setting_is_refused_with_the_choices()
    {
        var error = Assert.Throws<StackInputException>(() => InfrastructureChoice.Decide("vms", false, _ => false));

        Assert.Contains("containers or executables", error.Message, StringComparison.Ordinal);
        Assert.Contains("'vms'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_programs_are_named_with_their_package_and_the_install_script()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stack:Executables:Prometheus"] = "/nonexistent/prometheus",
            ["Stack:Executables:Nginx"] = "/nonexistent/nginx",
        }).Build();

        var error = Assert.Throws<StackConfigurationException>(() => HostBinaries.Find(configuration));

        Assert.Contains("'prometheus', 'nginx' are not installed", error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/install-prerequisites.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains("package prometheus; Debian/Ubuntu package nginx", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("alertmanager'", error.Message, StringComparison.Ordinal);
    }
}
