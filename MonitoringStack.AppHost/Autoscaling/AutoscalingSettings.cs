using Microsoft.Extensions.Configuration;
using MonitoringStack.Topology;

namespace MonitoringStack.AppHost.Autoscaling;

/// <summary>
/// The AppHost's autoscaler policy: config/autoscaling.json (shared with the cluster manifests), then any
/// <c>Stack:Autoscaling:*</c> setting over it, so a test or a user can switch it on and shorten the windows
/// without editing the file.
/// </summary>
public static class AutoscalingSettings
{
    public const string SectionKey = "Stack:Autoscaling";
    public const string EnabledKey = SectionKey + ":Enabled";

    /// <exception cref="StackConfigurationException">The file or a setting is missing or out of range.</exception>
    public static AutoscalingPolicy Load(IConfiguration configuration, string repositoryRoot, int topologyMaxReplicas)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        try
        {
            var policy = AutoscalingPolicy.Read(repositoryRoot);
            configuration.GetSection(SectionKey).Bind(policy);
            return policy.Resolve(topologyMaxReplicas, $"{AutoscalingPolicy.PathIn(repositoryRoot)} (with {SectionKey}:* settings)");
        }
        catch (TopologyException ex)
        {
            // Something the user can fix: AppHost.cs prints it without a stack trace.
            throw new StackConfigurationException(ex.Message, ex);
        }
    }
}
