namespace MonitoringStack.Hosting;

/// <summary>
/// The one difference between a component's container and its executable, besides image vs program: where
/// the process finds its configuration and keeps its data. <see cref="ConfigDirectory"/> is on the host
/// (rendered there by the package, or given by the user); <see cref="Inside"/> maps a host file in it to the
/// path the process reads (the same path for an executable, the bind-mount path in a container).
/// </summary>
public sealed class ComponentLayout
{
    internal ComponentLayout(MonitoringRuntime runtime, string configDirectory, string configMountPath, string dataDirectory)
    {
        Runtime = runtime;
        ConfigDirectory = configDirectory;
        ConfigMountPath = configMountPath;
        DataDirectory = dataDirectory;
    }

    public MonitoringRuntime Runtime { get; }

    /// <summary>The host folder holding the configuration (mounted read-only into a container).</summary>
    public string ConfigDirectory { get; private set; }

    /// <summary>Where <see cref="ConfigDirectory"/> appears inside the container.</summary>
    public string ConfigMountPath { get; }

    /// <summary>Where the process keeps its data: a host folder for an executable, a volume path in a container.</summary>
    public string DataDirectory { get; }

    /// <summary>True when the user gave the configuration (the package renders nothing then).</summary>
    public bool UserConfiguration { get; private set; }

    /// <summary>The path the process reads for a file of <see cref="ConfigDirectory"/>.</summary>
    public string Inside(string hostFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostFile);
        var full = Path.GetFullPath(hostFile, ConfigDirectory);
        if (Runtime == MonitoringRuntime.Executable)
        {
            return full;
        }
        var relative = Path.GetRelativePath(ConfigDirectory, full);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new InvalidOperationException($"{hostFile} is outside {ConfigDirectory}, the folder mounted into the container");
        }
        return $"{ConfigMountPath}/{relative.Replace('\\', '/')}";
    }

    /// <summary>Switches to a configuration folder the user provides (rendered by their own tooling).</summary>
    internal void UseUserConfiguration(string directory)
    {
        ConfigDirectory = Path.GetFullPath(directory);
        UserConfiguration = true;
    }
}
