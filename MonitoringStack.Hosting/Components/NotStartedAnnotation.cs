using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>
/// Marks a component that cannot run as configured (its program is not installed, or the runtime setting is
/// not one the package knows): it is not started, and <see cref="Problem"/> says why and how to fix it.
/// </summary>
internal sealed record NotStartedAnnotation(string Problem) : IResourceAnnotation
{
    /// <param name="configuredPath">The path <c>Monitoring:Programs:&lt;Key&gt;</c> gave, when it gave one (it does not exist).</param>
    public static NotStartedAnnotation MissingProgram(HostProgram program, string? configuredPath) =>
        new(string.IsNullOrWhiteSpace(configuredPath)
            ? $"{string.Join(" / ", program.Names)} is not installed; {program.Remedy}, or run with a container runtime"
            : $"{program.SettingKey} is '{configuredPath}', which does not exist; fix the path, or remove the setting to use {string.Join(" / ", program.Names)} from PATH");
}
