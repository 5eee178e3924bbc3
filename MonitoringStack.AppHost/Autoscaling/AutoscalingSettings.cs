using System.Reflection;
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

    /// <exception cref="StackInputException">A setting is unknown, not of its type, or out of range; or the file cannot be read.</exception>
    public static AutoscalingPolicy Load(IConfiguration configuration, string repositoryRoot, int topologyMaxReplicas)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionKey);
        CheckKeys(section, typeof(AutoscalingPolicy));
        try
        {
            var policy = AutoscalingPolicy.Read(repositoryRoot);
            section.Bind(policy);
            return policy.Resolve(topologyMaxReplicas, $"{AutoscalingPolicy.PathIn(repositoryRoot)} (with {SectionKey}:* settings)");
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the type it could not convert the value to.
            throw new StackInputException(ex.Message, ex);
        }
        catch (TopologyException ex)
        {
            throw new StackInputException(ex.Message, ex);
        }
    }

    /// <summary>Every key under the section must name a property of the policy (the binder would ignore a misspelt one).</summary>
    private static void CheckKeys(IConfigurationSection section, Type shape)
    {
        var properties = shape.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToArray();
        foreach (var child in section.GetChildren().Where(c => !c.Key.StartsWith('$')))
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase))
                ?? throw new StackInputException(
                    $"unknown setting '{child.Path}'; the settings under {section.Path}: are {string.Join(", ", properties.Select(p => p.Name))}");
            if (property.PropertyType.IsClass && property.PropertyType != typeof(string))
            {
                CheckKeys(child, property.PropertyType);
            }
        }
    }
}
