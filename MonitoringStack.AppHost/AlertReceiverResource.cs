using MonitoringStack.AppHost.Supervision;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost;

/// <summary>
/// Alertmanager's webhook target as a resource of the stack (MonitoringStack.AlertReceiver) on the
/// topology's webhookReceiver port: it records every notification with its arrival time in
/// <c>&lt;state&gt;/journal/alerts.jsonl</c> and serves them at <c>GET /notifications</c>.
/// </summary>
public static class AlertReceiverResource
{
    public const string EndpointName = "http";
    public const string JournalFile = "alerts.jsonl";

    public static IResourceBuilder<ProjectResource> AddAlertReceiver(this IDistributedApplicationBuilder builder, StackSettings stack)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(stack);
        var receiver = builder.AddProject<Projects.MonitoringStack_AlertReceiver>(StackEndpoints.WebhookReceiverResource, options => options.ExcludeLaunchProfile = true)
            .WithHttpEndpoint(port: stack.Topology.Ports.WebhookReceiver, name: EndpointName, isProxied: false)
            .WithEnvironment("AlertReceiver__JournalFile", Path.Combine(stack.JournalDirectory, JournalFile))
            .WithEnvironment("Service__InstanceId", StackEndpoints.WebhookReceiverResource)
            .WithHttpHealthCheck("/health", endpointName: EndpointName)
            .WithStackMarker(stack)
            .WithUrlForEndpoint(EndpointName, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .WithUrls(context =>
            {
                var endpoint = context.GetEndpoint(EndpointName);
                if (endpoint is { IsAllocated: true })
                {
                    context.Urls.Add(new ResourceUrlAnnotation { Url = $"{endpoint.Url}/notifications", DisplayText = "notifications (JSON)" });
                }
            })
            .RunBuiltAssembly(stack, new Projects.MonitoringStack_AlertReceiver().ProjectPath);
        if (stack.ApiListenAnyAddress)
        {
            receiver.WithEndpoint(EndpointName, endpoint => endpoint.TargetHost = "0.0.0.0");
        }
        return receiver;
    }
}
