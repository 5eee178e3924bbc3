using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using MonitoringStack.AppHost;
using MonitoringStack.Tests.Config;

namespace MonitoringStack.Tests.AppHost;

/// <summary>The settings the docs name are the settings the AppHost accepts, and their good values pass.</summary>
public sealed partial class StackSettingsCheckTests
{
    [GeneratedRegex(@"(?<![A-Za-z])(?:Stack|Experiments|Parameters):[A-Za-z][A-Za-z:-]*[A-Za-z]")]
    private static partial Regex DocumentedKey();

    [Fact]
    public void Every_setting_the_readme_and_docs_name_is_one_the_apphost_knows()
    {
        var documents = Directory.EnumerateFiles(Path.Combine(RepositoryConfig.Root, "docs"), "*.md").Append(Path.Combine(RepositoryConfig.Root, "README.md"));
        var keys = documents.SelectMany(d => DocumentedKey().Matches(File.ReadAllText(d)).Select(m => m.Value.TrimEnd(':'))).Distinct(StringComparer.Ordinal).ToArray();

        Assert.Contains("Parameters:replicas", keys);
        Assert.Contains("Stack:InfrastructureAs", keys);
        Assert.All(keys.Where(k => k is not ("Stack:Executables" or "Stack:Autoscaling")), key =>
            Assert.True(StackSettingsCheck.IsKnownKey(key), $"the docs name '{key}', which the AppHost would refuse as unknown"));
    }

    [Fact]
    public void Good_values_of_every_setting_pass()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Stack:InfrastructureAs"] = "Executables",
            ["Stack:StateDirectory"] = "/tmp/state",
            ["Stack:TopologyFile"] = Path.Combine(RepositoryConfig.Root, "config", "topology.json"),
            ["Stack:FreshData"] = "True",
            ["Stack:ApiListenAnyAddress"] = "false",
            ["Stack:ContainerHostName"] = "host.containers.internal",
            ["Stack:Executables:Nginx"] = "/bin/sh",
            ["Stack:Autoscaling:Enabled"] = "perhaps", // the autoscaler's keys are checked against its policy, not here
            ["Stack:$comment"] = "explains the section",
            ["Experiments:Out"] = "/tmp/reports",
            ["Parameters:replicas"] = "3",
            ["Parameters:chaos-token"] = "abcDEF123",
            ["Parameters:grafana-admin-password"] = "s3cret with spaces",
            ["Logging:LogLevel:Default"] = "Information", // Aspire's: not ours to check
        }).Build();

        StackSettingsCheck.Validate(configuration);
    }

    [Fact]
    public void A_secret_that_is_refused_is_not_echoed()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Parameters:chaos-token"] = "half a token",
        }).Build();

        var error = Assert.Throws<StackInputException>(() => StackSettingsCheck.Validate(configuration));

        Assert.Contains("Parameters:chaos-token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("half a token", error.Message, StringComparison.Ordinal);
    }
}
