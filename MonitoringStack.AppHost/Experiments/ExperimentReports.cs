using System.Globalization;

namespace MonitoringStack.AppHost.Experiments;

/// <summary>
/// Where a browser opens an experiment report: nginx serves the reports folder under
/// <c>/experiments/</c> on its internal status port (config/nginx/nginx.conf), so the dashboard can link
/// the latest report; a file:// link from the dashboard's http page would not open.
/// </summary>
public static class ExperimentReports
{
    /// <summary>The reports folder inside the nginx container (bind-mounted read-only from the host's).</summary>
    public const string ContainerDirectory = "/usr/share/nginx/experiments";

    /// <summary>The URL of a file of the reports folder, e.g. <c>20261202-010203/report.html</c>.</summary>
    public static Uri Url(StackSettings stack, string fileUnderOutput)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var relative = Path.GetRelativePath(stack.ExperimentsOutput, fileUnderOutput).Replace('\\', '/');
        var port = stack.Topology.Ports.NginxStatus.ToString(CultureInfo.InvariantCulture);
        return new Uri($"http://127.0.0.1:{port}/experiments/{Uri.EscapeDataString(relative).Replace("%2F", "/", StringComparison.Ordinal)}");
    }

    /// <summary>
    /// Gives a containerised nginx the reports folder (an executable reads it in place: the rendered nginx.conf
    /// names the host folder). Published deployments run no experiments and get nothing.
    /// </summary>
    public static IResourceBuilder<INginxResource> WithExperimentReports(this IResourceBuilder<INginxResource> nginx, StackSettings stack)
    {
        ArgumentNullException.ThrowIfNull(nginx);
        ArgumentNullException.ThrowIfNull(stack);
        if (!stack.IsPublishMode && nginx.Resource is ContainerResource container)
        {
            nginx.ApplicationBuilder.CreateResourceBuilder(container)
                .WithBindMount(Directory.CreateDirectory(stack.ExperimentsOutput).FullName, ContainerDirectory, isReadOnly: true);
        }
        return nginx;
    }
}
