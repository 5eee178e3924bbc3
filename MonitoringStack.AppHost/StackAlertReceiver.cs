using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost;

/// <summary>
/// Alertmanager's webhook target on the topology's webhookReceiver port: run, the hosting package's receiver
/// inside the AppHost, journaling to <c>&lt;state&gt;/journal/alerts.jsonl</c>; published (azd has no AppHost
/// process to run it in), the same code as its own project, MonitoringStack.AlertReceiver.
/// </summary>
public static class StackAlertReceiver
{
    public const string JournalFile = "alerts.jsonl";

    public static IResourceBuilder<IResource> AddStackAlertReceiver(this IDistributedApplicationBuilder builder, StackSettings stack)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(stack);
        var name = StackEndpoints.WebhookReceiverResource;
        var port = stack.Topology.Ports.WebhookReceiver;
        if (stack.IsPublishMode)
        {
            return builder.AddProject<Projects.MonitoringStack_AlertReceiver>(name, options => options.ExcludeLaunchProfile = true)
                .WithHttpEndpoint(port: port, name: "http", isProxied: false)
                .WithHttpHealthCheck("/health", endpointName: "http");
        }
        return builder.AddAlertReceiver(name, port, Path.Combine(stack.JournalDirectory, JournalFile));
    }
}
