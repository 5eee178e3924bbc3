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
            // Read at each start: a published executable set later takes no assembly argument.
            .WithArgs(context =>
            {
                if (!project.Resource.HasAnnotationOfType<PublishedExecutableAnnotation>())
                {
                    context.Args.Insert(0, assembly);
                }
            });
        return true;
    }

    /// <summary>
    /// Runs the project as its published native executable (<c>dotnet publish</c> with Native AOT) instead of
    /// <c>dotnet &lt;assembly&gt;</c>: the process DCP watches is still the service itself, and it starts without a
    /// JIT. The working directory stays the project's, so the service reads the same settings files either way.
    /// The caller builds the executable (our AppHost publishes it with every build) and says where it is.
    /// </summary>
    /// <exception cref="FileNotFoundException"><paramref name="executable"/> does not exist.</exception>
    public static IResourceBuilder<ProjectResource> RunPublishedExecutable(this IResourceBuilder<ProjectResource> project, string executable)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentException.ThrowIfNullOrEmpty(executable);
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"{project.Resource.Name}: the published executable {executable} does not exist", executable);
        }
        return project
            .WithAnnotation(new ExecutableAnnotation { Command = executable, WorkingDirectory = Path.GetDirectoryName(ProjectPath(project))! }, ResourceAnnotationMutationBehavior.Replace)
            .WithAnnotation(new PublishedExecutableAnnotation(executable), ResourceAnnotationMutationBehavior.Replace);
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

/// <summary>The project runs as this published native executable (<see cref="BuiltAssemblyLaunch.RunPublishedExecutable"/>).</summary>
public sealed record PublishedExecutableAnnotation(string Executable) : IResourceAnnotation;
