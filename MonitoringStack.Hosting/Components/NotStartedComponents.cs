using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Logging;

namespace MonitoringStack.Hosting;

/// <summary>
/// A component that cannot run as configured stays "not started" (its start is explicit); its own log says
/// why, and the AppHost's console says it once per problem, naming every component it stops. <c>AddXxx</c>
/// never throws for it: the rest of the application runs.
/// </summary>
internal sealed class NotStartedComponents(ResourceLoggerService resourceLogs, ResourceNotificationService notifications, ILogger<NotStartedComponents> logger)
    : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventing);
        ArgumentNullException.ThrowIfNull(executionContext);
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>((@event, _ignored) =>
            {
                var notStarted = @event.Model.Resources
                    .SelectMany(r => r.Annotations.OfType<NotStartedAnnotation>().Take(1).Select(a => (Resource: r, a.Problem)))
                    .ToList();
                foreach (var (resource, problem) in notStarted)
                {
                    _ = LogOnceNotStartedAsync(resource, Reason([resource.Name], problem));
                }
                foreach (var sameProblem in notStarted.GroupBy(n => n.Problem))
                {
                    NotStartedLog.NotStarted(logger, Reason(sameProblem.Select(n => n.Resource.Name).ToList(), sameProblem.Key));
                }
                return Task.CompletedTask;
            });
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Into the resource's own log once the orchestrator shows it as not started: only then does the log
    /// have the name the dashboard reads it by (a line written earlier would go to a log nobody shows).
    /// </summary>
    private async Task LogOnceNotStartedAsync(IResource resource, string reason)
    {
        try
        {
            // Ends with the notification service when the AppHost stops first.
            await notifications.WaitForResourceAsync(resource.Name, KnownResourceStates.NotStarted).ConfigureAwait(false);
            resourceLogs.GetLogger(resource).LogError("{Reason}", reason);
        }
        catch (OperationCanceledException)
        {
            // The AppHost stopped before the resource was shown.
        }
    }

    public static string Reason(IReadOnlyList<string> resources, string problem) =>
        $"{string.Join(", ", resources)} {(resources.Count == 1 ? "is" : "are")} not started: {problem}";
}

internal static partial class NotStartedLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Reason}")]
    public static partial void NotStarted(ILogger logger, string reason);
}
