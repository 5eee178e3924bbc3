using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace MonitoringStack.Lab;

/// <summary>
/// A minimal Kestrel app on 127.0.0.1 only, without the Lab's command line, appsettings or console
/// logging (which would tear through the live status table).
/// </summary>
internal static class LoopbackWebApp
{
    public static WebApplicationBuilder CreateBuilder(int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        return builder;
    }
}
