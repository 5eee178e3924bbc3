using Microsoft.Extensions.Configuration;
using MonitoringStack.AppHost;
using MonitoringStack.AppHost.Autoscaling;
using MonitoringStack.Tests.Config;
using MonitoringStack.Topology;

namespace MonitoringStack.Tests.AppHost;

/// <summary>config/autoscaling.json as the AppHost reads it, and the Stack:Autoscaling:* settings over it.</summary>
public sealed class AutoscalingPolicyTests
{
    private static AutoscalingPolicy Load(params (string Key, string Value)[] settings) =>
        AutoscalingSettings.Load(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(),
            RepositoryConfig.Root, RepositoryConfig.Topology.MaxReplicas);

    [Fact]
    public void The_repository_file_is_off_by_default_with_hpa_like_defaults()
    {
        var policy = Load();

        Assert.False(policy.Enabled);
        Assert.Equal(2.8, policy.Signal.Target);
        Assert.Contains("http_server_request_duration_seconds_sum", policy.Signal.PerReplicaQuery, StringComparison.Ordinal);
        Assert.Equal(0.1, policy.Tolerance);
        Assert.Equal(60, policy.ScaleDown.StabilizationWindowSeconds);
        Assert.Equal(RepositoryConfig.Topology.MaxReplicas, policy.MaxReplicas); // 0 in the file: the topology's
    }

    [Fact]
    public void Settings_switch_it_on_and_shorten_the_windows()
    {
        var policy = Load(("Stack:Autoscaling:Enabled", "true"), ("Stack:Autoscaling:ScaleDown:StabilizationWindowSeconds", "15"), ("Stack:Autoscaling:MaxReplicas", "3"));

        Assert.True(policy.Enabled);
        Assert.Equal(15, policy.ScaleDown.StabilizationWindowSeconds);
        Assert.Equal(3, policy.MaxReplicas);
        Assert.Equal(2.8, policy.Signal.Target);
    }

    [Fact]
    public void A_bad_setting_is_refused_with_what_is_wrong()
    {
        var error = Assert.Throws<StackInputException>(() => Load(("Stack:Autoscaling:MinReplicas", "5"), ("Stack:Autoscaling:MaxReplicas", "3")));

        Assert.Contains("minReplicas must be between 1 and maxReplicas (3), got 5", error.Message, StringComparison.Ordinal);
        Assert.Throws<StackInputException>(() => Load(("Stack:Autoscaling:MaxReplicas", "99")));
    }

    [Fact]
    public void A_misspelt_or_mistyped_setting_is_refused_with_its_full_key()
    {
        var unknown = Assert.Throws<StackInputException>(() => Load(("Stack:Autoscaling:ScaleDown:StabilisationWindowSeconds", "15")));
        Assert.Contains("unknown setting 'Stack:Autoscaling:ScaleDown:StabilisationWindowSeconds'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("StabilizationWindowSeconds", unknown.Message, StringComparison.Ordinal);

        var mistyped = Assert.Throws<StackInputException>(() => Load(("Stack:Autoscaling:Enabled", "perhaps")));
        Assert.Contains("Stack:Autoscaling:Enabled", mistyped.Message, StringComparison.Ordinal);
    }
}
