using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Who this process is: the resource attributes that tell replicas apart in every signal
/// (<c>service.name</c>, <c>service.version</c>, <c>service.instance.id</c>).
/// </summary>
/// <remarks>
/// The instance id comes from <c>Service:InstanceId</c> (set by the AppHost to the
/// replica name, e.g. <c>api-1</c>), else from <c>OTEL_SERVICE_INSTANCE_ID</c>-style config, else
/// host name plus process id, so two replicas on one host never share an id.
/// </remarks>
public sealed record ServiceIdentity(string ServiceName, string ServiceVersion, string InstanceId, DateTimeOffset StartedAt)
{
    public static ServiceIdentity From(IConfiguration configuration, IHostEnvironment environment)
    {
        var name = configuration["Service:Name"] ?? configuration["OTEL_SERVICE_NAME"] ?? environment.ApplicationName;
        var version = configuration["Service:Version"]
            ?? Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
            ?? "0.0.0";
        var instance = configuration["Service:InstanceId"]
            ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        return new ServiceIdentity(name, version, instance, DateTimeOffset.UtcNow);
    }
}
