using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;

namespace MonitoringStack.AppHost.Supervision;

/// <summary>
/// Gives the Aspire dashboard the stack's marker, so that a dashboard orphaned by a crash (it was seen
/// running on, 157 MB, for 16 minutes) is a leftover like any other process of the stack. Aspire adds the
/// dashboard itself, as an executable DCP runs, in its own BeforeStartEvent handler; subscribers subscribe
/// in the order they were registered and Aspire registers its own first, so this handler finds it.
/// </summary>
public sealed class DashboardMarker(StackSettings stack) : IDistributedApplicationEventingSubscriber
{
    /// <summary>The name Aspire gives its dashboard resource (Aspire's own constant is internal).</summary>
    public const string DashboardResource = "aspire-dashboard";

    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventing);
        ArgumentNullException.ThrowIfNull(executionContext);
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>((@event, _) =>
            {
                if (@event.Model.Resources.SingleOrDefault(r => r.Name == DashboardResource) is IResourceWithEnvironment dashboard)
                {
                    dashboard.Annotations.Add(new EnvironmentCallbackAnnotation(Leftovers.MarkerVariable, () => Leftovers.StackId(stack.StateDirectory)));
                }
                return Task.CompletedTask;
            });
        }
        return Task.CompletedTask;
    }
}
