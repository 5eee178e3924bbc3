using System.Reflection;

namespace Aspire.Hosting;

/// <summary>
/// Runs a project resource as <c>dotnet &lt;its built assembly&gt;</c> (built with the AppHost, in the same
/// configuration) instead of Aspire's default <c>dotnet run --project</c>: the process DCP watches is then the
/// service itself, so a kill -9 hits the real process (not a <c>dotnet run</c> whose child lives on), and a
/// restart skips the project evaluation of <c>dotnet run</c> (about 0.7 s of recovery on our machines).
/// Publishing still sees an ordinary project resource.
/// </summary>
public static class BuiltAssemblyLaunch
{
    /// <summary>
    /// Runs the project's built assembly when the build output exists (<c>bin/&lt;configuration&gt;/&lt;tfm&gt;/&lt;project&gt;.dll</c>);
    /// otherwise leaves Aspire's <c>dotnet run</c> in place and returns false.
    /// </summary>
    public static bool TryRunBuiltAssembly(this IResourceBuilder<ProjectResource> project)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (project.ApplicationBuilder.ExecutionContext.IsPublishMode || BuiltAssembly(project) is not { } assembly)
        {
            return false;
        }
        project
            .WithAnnotation(new ExecutableAnnotation { Command = "dotnet", WorkingDirectory = Path.GetDirectoryName(ProjectPath(project))! }, ResourceAnnotationMutationBehavior.Replace)
            .WithArgs(context => context.Args.Insert(0, assembly));
        return true;
    }

    /// <summary>The newest build output of the project in the AppHost's configuration, or null when it was not built.</summary>
    public static string? BuiltAssembly(IResourceBuilder<ProjectResource> project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var projectPath = ProjectPath(project);
        var configuration = project.ApplicationBuilder.AppHostAssembly?.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var output = Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration);
        var name = Path.GetFileNameWithoutExtension(projectPath) + ".dll";
        return Directory.Exists(output)
            ? Directory.EnumerateDirectories(output).Select(tfm => Path.Combine(tfm, name)).Where(File.Exists).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
    }

    private static string ProjectPath(IResourceBuilder<ProjectResource> project) =>
        project.Resource.GetProjectMetadata().ProjectPath;
}
