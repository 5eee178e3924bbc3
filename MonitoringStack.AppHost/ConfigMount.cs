using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost;

/// <summary>A rendered host file or folder and where a container reads it (always read-only).</summary>
public sealed record ConfigMount(string HostPath, string ContainerPath);

/// <summary>
/// Where each container finds its rendered configuration: exactly the renderer's
/// <see cref="RenderedConfig.ContainerBindMounts"/>, so the paths written inside the configs and the
/// mount points cannot disagree.
/// </summary>
public static class ConfigMounts
{
    public static IReadOnlyList<ConfigMount> For(RenderedConfig config, string resource)
    {
        ArgumentNullException.ThrowIfNull(config);
        var mounts = config.ContainerBindMounts
            .Where(m => string.Equals(m.Resource, resource, StringComparison.Ordinal))
            .Select(m => new ConfigMount(m.HostPath, m.ContainerPath))
            .ToArray();
        if (mounts.Length == 0)
        {
            throw new InvalidOperationException($"the renderer gave no bind mount for '{resource}' (was it rendered in containers mode?)");
        }
        return mounts;
    }

    /// <summary>Where a rendered file appears inside its container.</summary>
    public static string InContainer(RenderedConfig config, string hostFile)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (var mount in config.ContainerBindMounts.Where(m => m.IsDirectory))
        {
            var relative = Path.GetRelativePath(mount.HostPath, hostFile);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            {
                return $"{mount.ContainerPath}/{relative.Replace('\\', '/')}";
            }
        }
        throw new InvalidOperationException($"{hostFile} is not inside a folder mounted into a container");
    }
}
