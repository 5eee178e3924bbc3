using System.Collections.Immutable;
using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.Hosting;

namespace Aspire.Hosting;

/// <summary>Replicas of any project: each its own resource, port, scrape target and upstream server.</summary>
public static class ReplicaResourceBuilderExtensions
{
    public const string ScaleCommand = "scale";
    public const string ReplicasArgument = "replicas";
    public const string ReplicasProperty = "replicas.running";

    /// <summary>
    /// Adds <paramref name="replicas"/> running replicas of <typeparamref name="TProject"/> named
    /// <c>&lt;name&gt;-0</c> … and, up to <paramref name="maxReplicas"/>, replicas in reserve for the scale
    /// command. Each listens on its own port (<paramref name="basePort"/> + index, or one Aspire chooses), is
    /// restarted when its process exits (with back-off, as Kubernetes' CrashLoopBackOff) and has the kill,
    /// pause/resume and partition commands. Published (azd), it is one project named <paramref name="name"/>:
    /// the platform runs and scales its replicas.
    /// </summary>
    public static IResourceBuilder<ReplicaSetResource> AddReplicas<TProject>(
        this IDistributedApplicationBuilder builder, string name, int replicas, int? maxReplicas = null, int? basePort = null, string healthPath = "/health")
        where TProject : IProjectMetadata, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var max = maxReplicas ?? replicas;
        if (replicas < 1 || replicas > max)
        {
            throw new ArgumentOutOfRangeException(nameof(replicas), replicas, $"replicas of {name} must be between 1 and maxReplicas ({max})");
        }
        var plane = MonitoringPlane.Of(builder);
        plane.AddServices();
        var set = new ReplicaSetResource(name, "http", healthPath) { InitialCount = replicas, Running = replicas };
        if (plane.IsPublishMode)
        {
            set.Add(builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true)
                .WithHttpEndpoint(port: basePort, name: set.EndpointName, isProxied: false)
                .WithHttpHealthCheck(healthPath, endpointName: set.EndpointName)
                .Resource);
            set.Running = set.InitialCount = 1;
            // Not in the model: the published application has the one project.
            return builder.CreateResourceBuilder(set);
        }

        var setBuilder = builder.AddResource(set)
            .ExcludeFromManifest()
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Replicas",
                State = new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success),
                Properties = [new(ReplicasProperty, Invariant(replicas)), new("replicas.max", Invariant(max))],
            })
            .WithCommand(ScaleCommand, "Scale", context => ScaleAsync(context, set), new CommandOptions
            {
                Description = $"Sets the number of running replicas (1 to {max}); new ones join nginx and Prometheus when healthy, leaving ones are drained first.",
                IconName = "ArrowAutofitWidth",
                IsHighlighted = true,
                Arguments =
                [
                    new InteractionInput { Name = ReplicasArgument, Label = "Replicas", InputType = InputType.Number, Required = true, Description = $"1 to {max}" },
                ],
                Progress = new CommandProgressOptions { Message = $"Scaling {name}…", HideCancelButton = true },
            });

        for (var index = 0; index < max; index++)
        {
            // No launch profile: its applicationUrl would fight the replica's own port.
            var replica = builder.AddProject<TProject>($"{name}-{Invariant(index)}", options => options.ExcludeLaunchProfile = true)
                // Not proxied: the replica itself listens on its port, so Prometheus and nginx reach exactly this process.
                .WithHttpEndpoint(port: basePort + index, name: set.EndpointName, isProxied: false)
                .WithHttpHealthCheck(healthPath, endpointName: set.EndpointName)
                .WithParentRelationship(setBuilder)
                .WithAnnotation(new ReplicaSetMemberAnnotation(set, index))
                .WithProcessFaultCommands(set.EndpointName)
                .WithUrlForEndpoint(set.EndpointName, url => url.DisplayText = name);
            foreach (var (variable, value) in plane.Options.ProcessEnvironment)
            {
                replica.WithEnvironment(variable, value);
            }
            if (plane.Options.ListenAnyAddress)
            {
                replica.WithEndpoint(set.EndpointName, endpoint => endpoint.TargetHost = "0.0.0.0");
            }
            // The service's own process, so a kill hits it; Aspire's dotnet run when the project was not built.
            replica.TryRunBuiltAssembly();
            if (index >= replicas)
            {
                // Capacity in reserve: the scale command starts it.
                replica.WithExplicitStart();
            }
            set.Add(replica.Resource);
        }
        return setBuilder;
    }

    /// <summary>Applies <paramref name="configure"/> to every replica (environment, commands, URLs), with its index.</summary>
    public static IResourceBuilder<ReplicaSetResource> WithEachReplica(this IResourceBuilder<ReplicaSetResource> replicas, Action<IResourceBuilder<ProjectResource>, int> configure)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        ArgumentNullException.ThrowIfNull(configure);
        var index = 0;
        foreach (var replica in replicas.Resource.Replicas)
        {
            configure(replicas.ApplicationBuilder.CreateResourceBuilder(replica), index++);
        }
        return replicas;
    }

    /// <summary>
    /// Runs every replica as the project's published native executable (Native AOT) instead of
    /// <c>dotnet &lt;assembly&gt;</c>: faster to start and restart, lighter at rest. A restarted or scaled-up
    /// replica runs it too.
    /// </summary>
    /// <exception cref="FileNotFoundException"><paramref name="executable"/> does not exist.</exception>
    public static IResourceBuilder<ReplicaSetResource> WithPublishedExecutable(this IResourceBuilder<ReplicaSetResource> replicas, string executable)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        if (replicas.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            // Published, the platform builds and runs the project's image.
            return replicas;
        }
        return replicas.WithEachReplica((replica, _) => replica.RunPublishedExecutable(executable));
    }

    private static async Task<ExecuteCommandResult> ScaleAsync(ExecuteCommandContext context, ReplicaSetResource set)
    {
        var text = context.Arguments is not null && context.Arguments.TryGetByName(ReplicasArgument, out var input) ? input?.Value : null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var replicas))
        {
            return CommandResults.Failure($"'{ReplicasArgument}' must be a whole number between 1 and {set.Replicas.Count}, got '{text}'");
        }
        try
        {
            var record = await context.Services.GetRequiredService<ReplicaScaler>().ScaleAsync(set, replicas, context.CancellationToken).ConfigureAwait(false);
            await context.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(set, snapshot => snapshot with
            {
                Properties = WithProperty(snapshot.Properties, ReplicasProperty, Invariant(replicas)),
            }).ConfigureAwait(false);
            return CommandResults.Success($"{set.Name} {record.From} -> {record.To} in {(record.CompletedAt - record.RequestedAt).TotalSeconds:0.0} s");
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException or TimeoutException)
        {
            return CommandResults.Failure(ex.Message);
        }
    }

    private static ImmutableArray<ResourcePropertySnapshot> WithProperty(ImmutableArray<ResourcePropertySnapshot> properties, string name, object value) =>
        [.. properties.Where(p => p.Name != name), new ResourcePropertySnapshot(name, value)];

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
