using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>The main configuration file of a component whose configuration folder is the user's own.</summary>
internal sealed record ConfigurationFileAnnotation(string File) : IResourceAnnotation;

/// <summary>
/// Points a component at a configuration folder rendered by the user's own tooling: the executable reads
/// it in place; the container gets it as its configuration bind mount instead of the package's folder.
/// </summary>
internal static class ConfigurationFolders
{
    public static void Use<T>(IResourceBuilder<T> component, string folder, string configFile) where T : IMonitoringComponentResource
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentException.ThrowIfNullOrEmpty(configFile);
        var full = Path.GetFullPath(folder, component.ApplicationBuilder.AppHostDirectory);
        var resource = component.Resource;
        if (resource is ContainerResource)
        {
            var mount = resource.Annotations.OfType<ContainerMountAnnotation>().Single(m => m.Target == resource.Layout.ConfigMountPath);
            resource.Annotations.Remove(mount);
            resource.Annotations.Add(new ContainerMountAnnotation(full, mount.Target, ContainerMountType.BindMount, isReadOnly: true));
        }
        resource.Layout.UseUserConfiguration(full);
        component.WithAnnotation(new ConfigurationFileAnnotation(configFile), ResourceAnnotationMutationBehavior.Replace);
    }
}
