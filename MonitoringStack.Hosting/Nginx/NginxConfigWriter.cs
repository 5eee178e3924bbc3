using System.Globalization;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.Hosting;

/// <summary>
/// Renders nginx.conf: one upstream per replica set (its active replicas, passive health: a replica that
/// fails is skipped and the request retried on the next one), the public server on the "http" endpoint and
/// an internal server on the "status" endpoint with <c>/stub_status</c> (never on the public port).
/// </summary>
internal static class NginxConfigWriter
{
    public const string ConfigFile = "nginx.conf";

    public static void Write(IDistributedApplicationBuilder builder, INginxResource nginx)
    {
        var inContainer = nginx is ContainerResource;
        // A container has its own /tmp; an executable keeps everything in its data folder, so it runs unprivileged.
        var runtime = inContainer ? "/tmp" : nginx.Layout.DataDirectory;
        var publicPort = Port(nginx, MonitoringComponent.HttpEndpoint);
        var statusPort = Port(nginx, NginxResourceBuilderExtensions.StatusEndpoint);
        var listen = inContainer ? "" : "127.0.0.1:";
        var settings = nginx.Settings;

        var conf = new StringBuilder();
        conf.AppendLine("# Rendered by MonitoringStack.Hosting from the Aspire model; rewritten when replicas come and go.");
        conf.AppendLine("worker_processes 1;");
        conf.AppendLine(CultureInfo.InvariantCulture, $"pid {runtime}/nginx.pid;");
        conf.AppendLine("error_log stderr warn;");
        conf.AppendLine("events { worker_connections 1024; }");
        conf.AppendLine("http {");
        conf.AppendLine("    access_log off;");
        foreach (var temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
        {
            conf.AppendLine(CultureInfo.InvariantCulture, $"    {temp}_temp_path {runtime}/{temp};");
        }
        foreach (var (_, replicas) in settings.Upstreams)
        {
            conf.AppendLine(CultureInfo.InvariantCulture, $"    upstream {replicas.Name} {{");
            var active = replicas.Active;
            if (active.Count == 0)
            {
                // An upstream needs a server: one that refuses at once gives 502 until replicas start.
                conf.AppendLine("        server 127.0.0.1:1 down;");
            }
            foreach (var replica in active)
            {
                var address = MonitoringComponent.Address(builder, nginx, replica, replicas.EndpointName);
                conf.AppendLine(CultureInfo.InvariantCulture, $"        server {address} max_fails={settings.MaxFails} fail_timeout={(int)settings.FailTimeout.TotalSeconds}s;");
            }
            conf.AppendLine("        keepalive 16;");
            conf.AppendLine("    }");
        }
        conf.AppendLine("    server {");
        conf.AppendLine(CultureInfo.InvariantCulture, $"        listen {listen}{publicPort};");
        foreach (var (prefix, replicas) in settings.Upstreams)
        {
            conf.AppendLine(CultureInfo.InvariantCulture, $"        location {prefix} {{");
            conf.AppendLine(CultureInfo.InvariantCulture, $"            proxy_pass http://{replicas.Name};");
            conf.AppendLine("            proxy_http_version 1.1;");
            conf.AppendLine("            proxy_set_header Connection \"\";");
            conf.AppendLine("            proxy_set_header Host $host;");
            conf.AppendLine("            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;");
            conf.AppendLine("            proxy_connect_timeout 1s;");
            // A dead or refusing replica costs the client nothing: the request goes to the next one.
            conf.AppendLine("            proxy_next_upstream error timeout http_502 http_503 http_504;");
            conf.AppendLine("            proxy_next_upstream_tries 3;");
            conf.AppendLine("        }");
        }
        conf.AppendLine("    }");
        conf.AppendLine("    server {");
        conf.AppendLine(CultureInfo.InvariantCulture, $"        listen {listen}{statusPort};");
        conf.AppendLine("        location = /stub_status { stub_status; }");
        conf.AppendLine("    }");
        conf.AppendLine("}");
        if (!inContainer)
        {
            Directory.CreateDirectory(runtime);
        }
        AtomicFile.WriteAllText(Path.Combine(nginx.Layout.ConfigDirectory, ConfigFile), conf.ToString());
    }

    private static string Port(INginxResource nginx, string endpointName)
    {
        var endpoint = nginx.GetEndpoint(endpointName);
        return (endpoint.TargetPort ?? endpoint.Port).ToString(CultureInfo.InvariantCulture);
    }
}
