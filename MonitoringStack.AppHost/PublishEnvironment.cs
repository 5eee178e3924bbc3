namespace MonitoringStack.AppHost;

/// <summary>
/// The compute environment <c>aspire publish</c> writes for: Docker Compose by default,
/// Kubernetes with <c>Stack:PublishTarget=kubernetes</c>. Only one is added, so no resource needs
/// WithComputeEnvironment. The manifest (<c>--publisher manifest</c>, what azd reads) needs none.
/// </summary>
public static class PublishEnvironment
{
    public const string ComposeName = "compose";
    public const string KubernetesName = "k8s";

    public static void AddPublishEnvironment(this IDistributedApplicationBuilder builder, StackSettings stack)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(stack);
        if (!stack.IsPublishMode || IsManifestPublisher(builder))
        {
            return;
        }
        switch (stack.PublishTarget)
        {
            case PublishTarget.Kubernetes:
                builder.AddKubernetesEnvironment(KubernetesName);
                break;
            default:
                builder.AddDockerComposeEnvironment(ComposeName);
                break;
        }
    }

    private static bool IsManifestPublisher(IDistributedApplicationBuilder builder) =>
        string.Equals(builder.ExecutionContext.PublisherName, "manifest", StringComparison.OrdinalIgnoreCase)
        && string.Equals(builder.Configuration["Pipeline:Step"], "publish-manifest", StringComparison.OrdinalIgnoreCase);
}
