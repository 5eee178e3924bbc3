using Aspire.Hosting.Kubernetes;
using Aspire.Hosting.Kubernetes.Resources;

namespace MonitoringStack.AppHost;

/// <summary>
/// Gives a container its rendered configs. Run mode and Docker Compose: read-only bind mounts
/// (Compose turns each host path into a .env placeholder). Kubernetes rejects bind mounts
/// ("Bind mounts are not supported by the Kubernetes publisher"), so there every mounted folder
/// becomes a ConfigMap mounted read-only at the same path.
/// </summary>
public static class ConfigMountExtensions
{
    public static IResourceBuilder<ContainerResource> WithConfigMounts(
        this IResourceBuilder<ContainerResource> container, StackSettings stack, IReadOnlyList<ConfigMount> mounts)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(mounts);

        if (stack.IsPublishMode && stack.PublishTarget == PublishTarget.Kubernetes)
        {
            return container.PublishAsKubernetesService(service => AddConfigMaps(service, container.Resource.Name, mounts));
        }
        foreach (var mount in mounts)
        {
            container.WithBindMount(mount.HostPath, mount.ContainerPath, isReadOnly: true);
        }
        return container;
    }

    private static void AddConfigMaps(KubernetesResource service, string resourceName, IReadOnlyList<ConfigMount> mounts)
    {
        var workload = service.Workload
            ?? throw new InvalidOperationException($"Kubernetes publisher produced no workload for '{resourceName}'");
        var pod = workload.PodTemplate.Spec;
        for (var i = 0; i < mounts.Count; i++)
        {
            var mount = mounts[i];
            var name = $"{resourceName}-config-{i}";
            var configMap = new ConfigMap { Metadata = { Name = name } };
            var volume = new VolumeV1 { Name = name, ConfigMap = new ConfigMapVolumeSourceV1 { Name = name } };
            foreach (var (key, relativePath, content) in ConfigMapFiles.Read(mount.HostPath))
            {
                configMap.Data[key] = content;
                volume.ConfigMap.Items.Add(new KeyToPathV1 { Key = key, Path = relativePath });
            }
            service.AdditionalResources.Add(configMap);
            pod.Volumes.Add(volume);
            // A single file (nginx.conf) is mounted through subPath so it replaces just that file.
            var subPath = File.Exists(mount.HostPath) ? Path.GetFileName(mount.HostPath) : null;
            foreach (var container in pod.Containers)
            {
                var volumeMount = new VolumeMountV1 { Name = name, MountPath = mount.ContainerPath, ReadOnly = true };
                if (subPath is not null)
                {
                    volumeMount.SubPath = subPath;
                }
                container.VolumeMounts.Add(volumeMount);
            }
        }
    }
}
