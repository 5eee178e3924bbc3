using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>
/// The one way a component is added: a container (pinned image, configuration folder bind-mounted
/// read-only, a named volume for data) or an executable (the installed program on 127.0.0.1, data in the
/// state folder), chosen once per AppHost. Everything else — endpoint "http", health check, URL,
/// environment marker — is the same for both, so each <c>AddXxx</c> configures its component once.
/// </summary>
internal static class MonitoringComponent
{
    public const string HttpEndpoint = "http";

    public static IResourceBuilder<TResource> Add<TResource, TContainer, TExecutable>(
        IDistributedApplicationBuilder builder, string name, int? port, ComponentRecipe recipe,
        Func<ComponentLayout, TContainer> asContainer,
        Func<string, string, ComponentLayout, TExecutable> asExecutable)
        where TResource : IMonitoringComponentResource
        where TContainer : ContainerResource, TResource
        where TExecutable : ExecutableResource, TResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var plane = MonitoringPlane.Of(builder);
        plane.AddServices();
        var directory = plane.ComponentDirectory(name);
        var configDirectory = Path.Combine(directory, "config");

        IResourceBuilder<TResource> component;
        if (plane.Runtime == MonitoringRuntime.Container)
        {
            var layout = new ComponentLayout(MonitoringRuntime.Container, configDirectory, recipe.ConfigMountPath ?? "/etc/" + name, recipe.ContainerDataPath ?? "/data");
            var container = builder.AddResource(asContainer(layout))
                .WithImage(recipe.Image.Image, recipe.Image.Tag)
                // Listens on the same port inside as outside, so addresses rendered as name:port hold on the container network too.
                .WithHttpEndpoint(port: port, targetPort: port ?? recipe.DefaultPort, name: HttpEndpoint);
            if (recipe.ConfigMountPath is not null)
            {
                container.WithBindMount(configDirectory, recipe.ConfigMountPath, isReadOnly: true);
            }
            if (recipe.ContainerDataPath is not null)
            {
                container.WithVolume($"{VolumePrefix(builder)}-{name}-data", recipe.ContainerDataPath);
            }
            component = builder.CreateResourceBuilder<TResource>(container.Resource);
        }
        else
        {
            var data = Path.Combine(directory, "data");
            if (!plane.IsPublishMode)
            {
                if (plane.Options.FreshData && Directory.Exists(data))
                {
                    Directory.Delete(data, recursive: true);
                }
                Directory.CreateDirectory(data);
                Directory.CreateDirectory(configDirectory);
            }
            var program = plane.FindProgram(recipe.Program);
            // Data and config folders are the program's working folder's neighbours: everything of it stays in the state folder.
            var layout = new ComponentLayout(MonitoringRuntime.Executable, configDirectory, configDirectory, data);
            var executable = builder.AddResource(asExecutable(program ?? recipe.Program.Names[0], directory, layout))
                // Not proxied: the process binds the port itself, which the rendered configurations name.
                .WithHttpEndpoint(port: port, name: HttpEndpoint, isProxied: false);
            if (program is null && plane.RunAsProblem is null)
            {
                executable.WithAnnotation(NotStartedAnnotation.MissingProgram(recipe.Program, builder.Configuration[recipe.Program.SettingKey])).WithExplicitStart();
            }
            component = builder.CreateResourceBuilder<TResource>(executable.Resource);
        }
        if (plane.RunAsProblem is { } runAsProblem)
        {
            component.WithAnnotation(new NotStartedAnnotation(runAsProblem)).WithExplicitStart();
        }

        foreach (var (variable, value) in plane.Options.ProcessEnvironment)
        {
            component.WithEnvironment(variable, value);
        }
        if (recipe.HealthPath is not null)
        {
            component.WithHttpHealthCheck(recipe.HealthPath, endpointName: HttpEndpoint);
        }
        if (port is { } fixedPort)
        {
            component.OnBeforeResourceStarted((resource, @event, _) => PortCheck.LogIfHeld(@event.Services, resource, fixedPort));
        }
        return component.WithUrlForEndpoint(HttpEndpoint, url => url.DisplayText = recipe.DisplayText);
    }

    /// <summary>
    /// The address the component listens on, as its argument: every interface of the container (its port is
    /// published on the host), 127.0.0.1 for an executable (the port DCP allocated when none was given).
    /// </summary>
    public static ReferenceExpression ListenAddress(IMonitoringComponentResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var endpoint = resource.GetEndpoint(HttpEndpoint);
        return resource.Layout.Runtime == MonitoringRuntime.Container
            ? ReferenceExpression.Create($":{endpoint.Property(EndpointProperty.TargetPort)}")
            : ReferenceExpression.Create($"127.0.0.1:{endpoint.Property(EndpointProperty.TargetPort)}");
    }

    /// <summary>
    /// How a process of <paramref name="from"/> reaches <paramref name="target"/>'s endpoint once ports are
    /// allocated: a container reaches another container by name and a host process through the container
    /// host name; an executable reaches everything on 127.0.0.1.
    /// </summary>
    public static string Address(IDistributedApplicationBuilder builder, IResource from, IResourceWithEndpoints target, string endpointName)
    {
        var endpoint = target.GetEndpoint(endpointName);
        var fromContainer = from is ContainerResource;
        if (fromContainer && target is ContainerResource)
        {
            return $"{target.Name}:{Invariant(endpoint.TargetPort ?? endpoint.Port)}";
        }
        var host = fromContainer ? MonitoringPlane.Of(builder).Options.ContainerHostName : "127.0.0.1";
        return $"{host}:{Invariant(endpoint.Port)}";
    }

    public static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string VolumePrefix(IDistributedApplicationBuilder builder) =>
        new string(builder.Environment.ApplicationName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
}
