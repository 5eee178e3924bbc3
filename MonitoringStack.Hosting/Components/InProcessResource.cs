using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MonitoringStack.Hosting;

/// <summary>A resource the package serves from inside the AppHost process on a port fixed at build time.</summary>
public interface IInProcessServerResource : IResource
{
    int Port { get; }

    /// <summary>Where the AppHost (and you) read it.</summary>
    Uri Url { get; }
}

/// <summary>
/// The one way an in-process server becomes a resource: shown on the dashboard with its type and URLs, started
/// when the application starts (a port held by another program leaves it FailedToStart with one line saying
/// so), never published (there is no AppHost process to run it in).
/// </summary>
internal static class InProcessResource
{
    public static IResourceBuilder<T> Add<T>(IDistributedApplicationBuilder builder, T resource, string resourceType,
        Func<IServiceProvider, T, ILogger, WebApplication> build, params (string Name, string Path)[] urls)
        where T : IInProcessServerResource
    {
        var plane = MonitoringPlane.Of(builder);
        plane.AddServices();
        return builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = resourceType,
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            .ExcludeFromManifest()
            .OnInitializeResource(async (server, @event, cancellationToken) =>
            {
                var log = @event.Logger;
                try
                {
                    await @event.Services.GetRequiredService<InProcessServers>()
                        .StartServerAsync(server.Name, build(@event.Services, server, log), cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    // Kestrel reports a port in use as an IOException (AddressInUseException).
                    log.LogError("{Resource} cannot listen on port {Port}: {Reason}. Stop the program that holds it, or give {Resource} another port.", server.Name, server.Port, ex.Message, server.Name);
                    await @event.Notifications.PublishUpdateAsync(server, s => s with { State = KnownResourceStates.FailedToStart }).ConfigureAwait(false);
                    return;
                }
                await @event.Notifications.PublishUpdateAsync(server, s => s with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                    Urls = [new UrlSnapshot("http", server.Url.ToString(), IsInternal: false),
                        .. urls.Select(u => new UrlSnapshot(u.Name, new Uri(server.Url, u.Path).ToString(), IsInternal: false))],
                }).ConfigureAwait(false);
            });
    }

    /// <summary>A port nothing listens on now, for a server whose port the caller left open.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
