namespace MonitoringStack.Hosting;

/// <summary>
/// What distinguishes one component from another to <see cref="MonitoringComponent"/>: its image and
/// program, the port it listens on by default, where its configuration and data live in the container,
/// the path that answers when it is ready, and how the dashboard labels its URL.
/// </summary>
internal sealed record ComponentRecipe(
    ContainerImage Image,
    HostProgram Program,
    int DefaultPort,
    string? ConfigMountPath,
    string? ContainerDataPath,
    string? HealthPath,
    string DisplayText);
