namespace MonitoringStack.Topology.Rendering;

/// <summary>A rendered host folder or file and where the container named <paramref name="Resource"/> expects it.</summary>
/// <param name="Resource">Container resource name (see <see cref="StackEndpoints"/>).</param>
/// <param name="HostPath">Absolute path under the render output folder.</param>
/// <param name="ContainerPath">The image's conventional path.</param>
/// <param name="IsDirectory">Directories are mounted whole so atomic renames inside them are seen by the container.</param>
public sealed record BindMount(string Resource, string HostPath, string ContainerPath, bool IsDirectory);
