using Aspire.Hosting.ApplicationModel;
using MonitoringStack.Hosting;

namespace Aspire.Hosting;

/// <summary>An alert receiver that records Alertmanager's notifications, for dashboards, tests and experiments.</summary>
public static class AlertReceiverResourceBuilderExtensions
{
    /// <summary>
    /// Adds a webhook receiver that runs inside the AppHost and records every notification
    /// (<c>GET /notifications</c> lists them). Point Alertmanager at it with <c>WithReceiver</c>.
    /// </summary>
    /// <param name="port">Its port; a free one when null.</param>
    /// <param name="journalFile">Where notifications are kept across restarts; <c>&lt;state&gt;/journal/&lt;name&gt;.jsonl</c> by default.</param>
    public static IResourceBuilder<AlertReceiverResource> AddAlertReceiver(this IDistributedApplicationBuilder builder, string name, int? port = null, string? journalFile = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var plane = MonitoringPlane.Of(builder);
        var journal = journalFile ?? Path.Combine(plane.JournalDirectory, name + ".jsonl");
        var receiver = new AlertReceiverResource(name, port ?? InProcessResource.FreePort(), journal, listenAnyAddress: plane.Options.ListenAnyAddress);
        return InProcessResource.Add(builder, receiver, "AlertReceiver",
            (_, resource, log) => AlertReceiverServer.Build(resource.Port, resource.JournalFile, resource.ListenAnyAddress, log),
            ("notifications", "notifications"));
    }
}
