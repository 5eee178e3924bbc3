using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace MonitoringStack.Hosting;

/// <summary>
/// The receiver's web server: the endpoints of <see cref="ReceiverEndpoints"/> on one port, with a journal.
/// The AppHost runs it in process; the cluster manifests run the same code as the alert-receiver image.
/// </summary>
public static class AlertReceiverServer
{
    /// <summary>A server on 127.0.0.1:<paramref name="port"/> (every interface when <paramref name="listenAnyAddress"/>), not yet started.</summary>
    public static WebApplication Build(int port, string? journalFile, bool listenAnyAddress, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var app = InProcessServers.Create(port, listenAnyAddress, kestrel => kestrel.Limits.MaxRequestBodySize = ReceiverEndpoints.MaxBodyBytes);
        app.MapReceiverEndpoints(new NotificationJournal(journalFile), logger);
        return app;
    }
}
