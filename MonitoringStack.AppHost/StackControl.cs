using System.Globalization;

namespace MonitoringStack.AppHost;

/// <summary>The stack itself as a dashboard resource: how it runs (and why), where its state is, and the autoscaler's switch (the scale command is on the <c>api</c> replica set).</summary>
public sealed class StackResource(string name) : Resource(name);

public static class StackControl
{
    public const string Name = "stack";

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
                    new("stack.infrastructure", stack.Infrastructure.Name),
                    new("stack.infrastructure.reason", stack.Infrastructure.Reason),
                    new("stack.maxReplicas", stack.Topology.MaxReplicas.ToString(CultureInfo.InvariantCulture)),
                    new("stack.stateDirectory", stack.StateDirectory),
                    new("stack.journal", stack.JournalDirectory),
                ],
            });
    }
}
