using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
        plane.AddServices();
        var journal = journalFile ?? Path.Combine(plane.JournalDirectory, name + ".jsonl");
        var receiver = new AlertReceiverResource(name, port ?? FreePort(), journal, listenAnyAddress: plane.Options.ListenAnyAddress);
        return builder.AddResource(receiver)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "AlertReceiver",
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            .ExcludeFromManifest()
            .OnInitializeResource(async (resource, @event, cancellationToken) =>
            {
                var log = @event.Logger;
                try
                {
                    await @event.Services.GetRequiredService<AlertReceiverHost>().StartReceiverAsync(resource, log, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    // Kestrel reports a port in use as an IOException (AddressInUseException).
                    log.LogError("{Resource} cannot listen on port {Port}: {Reason}. Stop the program that holds it, or give {Resource} another port.", resource.Name, resource.Port, ex.Message, resource.Name);
                    await @event.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.FailedToStart }).ConfigureAwait(false);
                    return;
                }
                await @event.Notifications.PublishUpdateAsync(resource, s => s with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                    Urls = [new UrlSnapshot("http", resource.Url.ToString(), IsInternal: false), new UrlSnapshot("notifications", new Uri(resource.Url, "notifications").ToString(), IsInternal: false)],
                }).ConfigureAwait(false);
            });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
