using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MonitoringStack.Hosting;

/// <summary>
/// A component given a fixed port that another program holds cannot start; its log says so in one line,
/// naming the port and the way out, before the process fails on it.
/// </summary>
internal static class PortCheck
{
    public static Task LogIfHeld(IServiceProvider services, IResource resource, int port)
    {
        if (!IsFree(port))
        {
            services.GetRequiredService<ResourceLoggerService>().GetLogger(resource).LogError(
                "{Resource} cannot listen on port {Port}: another program holds it. Stop that program, or give {Resource} another port.",
                resource.Name, port, resource.Name);
        }
        return Task.CompletedTask;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
