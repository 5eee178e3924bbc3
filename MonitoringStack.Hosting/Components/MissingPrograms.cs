using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.Logging;

namespace MonitoringStack.Hosting;

/// <summary>
/// A component whose program is missing stays "not started" (its start is explicit), and its log and the
/// AppHost's console say in one line what is missing and how to fix it. <c>AddXxx</c> never throws for it:
/// the rest of the application runs.
/// </summary>
internal sealed class MissingPrograms(ResourceLoggerService resourceLogs, ILogger<MissingPrograms> logger) : IDistributedApplicationEventingSubscriber
{
    public Task SubscribeAsync(IDistributedApplicationEventing eventing, DistributedApplicationExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eventing);
        ArgumentNullException.ThrowIfNull(executionContext);
        if (executionContext.IsRunMode)
        {
            eventing.Subscribe<BeforeStartEvent>((@event, _) =>
            {
                foreach (var resource in @event.Model.Resources)
                {
                    if (resource.Annotations.OfType<MissingProgramAnnotation>().FirstOrDefault() is { } missing)
                    {
                        var reason = Reason(resource, missing.Program);
                        resourceLogs.GetLogger(resource).LogError("{Reason}", reason);
                        MissingProgramLog.NotStarted(logger, reason);
                    }
                }
                return Task.CompletedTask;
            });
        }
        return Task.CompletedTask;
    }

    public static string Reason(IResource resource, HostProgram program) =>
        $"{resource.Name} is not started: {string.Join(" / ", program.Names)} is not installed; {program.Remedy}, or run with a container runtime";
}

internal static partial class MissingProgramLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Reason}")]
    public static partial void NotStarted(ILogger logger, string reason);
}
