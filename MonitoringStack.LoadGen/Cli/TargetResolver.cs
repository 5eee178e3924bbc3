using Microsoft.Extensions.Configuration;

namespace MonitoringStack.LoadGen.Cli;

/// <summary>
/// Where the load goes: <c>--target</c>, else <c>LoadGen:Target</c>, else the address Aspire service
/// discovery injects for the <c>nginx</c> resource (<c>services__nginx__http__0</c>).
/// </summary>
public static class TargetResolver
{
    public const string TargetKey = "LoadGen:Target";
    private static readonly string[] DiscoveryKeys = ["services:nginx:http:0", "services:nginx:https:0"];

    /// <exception cref="ArgumentException">No target configured, or not an absolute http(s) URL.</exception>
    public static Uri Resolve(string? explicitTarget, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = explicitTarget ?? configuration[TargetKey] ?? DiscoveryKeys.Select(k => configuration[k]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"no target: pass --target http://127.0.0.1:PORT or set {TargetKey} (env LoadGen__Target) or services__nginx__http__0");
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"target '{text}' is not an absolute http:// or https:// URL");
        }
        return uri;
    }
}
