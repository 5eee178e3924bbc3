using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.AppHost.Scaling;

namespace MonitoringStack.AppHost;

/// <summary>The stack itself as a dashboard resource: how it runs (and why), its replica count, and the scale command.</summary>
public sealed class StackResource(string name) : Resource(name);

public static class StackControl
{
    public const string Name = "stack";
    public const string ScaleCommand = "scale";
    public const string ReplicasArgument = "replicas";
    public const string ReplicasProperty = "stack.replicas";

    public static IResourceBuilder<StackResource> AddStackControl(this IDistributedApplicationBuilder builder, StackSettings stack)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(stack);
        return builder.AddResource(new StackResource(Name))
            // Local only: it controls this machine's replicas; a deployment has nothing to create for it.
            .ExcludeFromManifest()
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Stack",
                State = new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success),
                Properties =
                [
                    new("stack.infrastructure", stack.InfrastructureAs.ToString().ToLowerInvariant()),
                    new("stack.infrastructure.reason", stack.Infrastructure.Reason),
                    new(ReplicasProperty, stack.Topology.Replicas.ToString(CultureInfo.InvariantCulture)),
                    new("stack.maxReplicas", stack.Topology.MaxReplicas.ToString(CultureInfo.InvariantCulture)),
                    new("stack.stateDirectory", stack.StateDirectory),
                    new("stack.journal", stack.JournalDirectory),
                ],
            })
            .WithCommand(ScaleCommand, "Scale API replicas", ScaleAsync, new CommandOptions
            {
                Description = $"Sets the number of running API replicas (1 to {stack.Topology.MaxReplicas}); new ones join nginx and Prometheus when healthy, leaving ones are drained first.",
                IconName = "ArrowAutofitWidth",
                IsHighlighted = true,
                Arguments =
                [
                    new InteractionInput
                    {
                        Name = ReplicasArgument, Label = "Replicas", InputType = InputType.Number, Required = true,
                        Description = $"1 to {stack.Topology.MaxReplicas} (maxReplicas in config/topology.json)",
                    },
                ],
                Progress = new CommandProgressOptions { Message = "Scaling the API replicas…", HideCancelButton = true },
            });
    }

    private static async Task<ExecuteCommandResult> ScaleAsync(ExecuteCommandContext context)
    {
        var scaler = context.Services.GetRequiredService<ReplicaScaler>();
        var text = context.Arguments is not null && context.Arguments.TryGetByName(ReplicasArgument, out var input) ? input?.Value : null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var replicas))
        {
            return CommandResults.Failure($"'{ReplicasArgument}' must be a whole number between 1 and {scaler.Maximum}, got '{text}'");
        }
        try
        {
            var record = await scaler.ScaleAsync(replicas, context.CancellationToken).ConfigureAwait(false);
            var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
            var model = context.Services.GetRequiredService<DistributedApplicationModel>();
            var resource = model.Resources.Single(r => r.Name == Name);
            await notifications.PublishUpdateAsync(resource, snapshot => snapshot with
            {
                Properties = WithProperty(snapshot.Properties, ReplicasProperty, replicas.ToString(CultureInfo.InvariantCulture)),
            }).ConfigureAwait(false);
            return CommandResults.Success($"API replicas {record.From} -> {record.To} in {(record.CompletedAt - record.RequestedAt).TotalSeconds:0.0} s");
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException or TimeoutException)
        {
            return CommandResults.Failure(ex.Message);
        }
    }

    private static ImmutableArray<ResourcePropertySnapshot> WithProperty(ImmutableArray<ResourcePropertySnapshot> properties, string name, object value) =>
        [.. properties.Where(p => p.Name != name), new ResourcePropertySnapshot(name, value)];
}
