using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>Extra links of a component in the dashboard's details (Prometheus' targets and alerts pages).</summary>
internal static class ComponentUrls
{
    public static void AddPaths(ResourceUrlsCallbackContext context, params (string Path, string Text)[] paths)
    {
        var endpoint = context.GetEndpoint(MonitoringComponent.HttpEndpoint);
        if (endpoint is not { IsAllocated: true })
        {
            return;
        }
        foreach (var (path, text) in paths)
        {
            context.Urls.Add(new ResourceUrlAnnotation { Url = endpoint.Url + path, DisplayText = text, DisplayLocation = UrlDisplayLocation.DetailsOnly });
        }
    }
}
