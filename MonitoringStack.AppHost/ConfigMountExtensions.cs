namespace MonitoringStack.AppHost;

/// <summary>
/// Gives a container its rendered configs as read-only bind mounts (in the azd manifest they stay
/// bind mounts; cluster manifests are built from config/ by their own tooling, not by publishing).
/// </summary>
public static class ConfigMountExtensions
{
    public static IResourceBuilder<ContainerResource> WithConfigMounts(
        this IResourceBuilder<ContainerResource> container, IReadOnlyList<ConfigMount> mounts)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(mounts);
        foreach (var mount in mounts)
        {
            container.WithBindMount(mount.HostPath, mount.ContainerPath, isReadOnly: true);
        }
        return container;
    }
}
