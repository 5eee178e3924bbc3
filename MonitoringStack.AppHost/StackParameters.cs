using System.Globalization;

namespace MonitoringStack.AppHost;

/// <summary>
/// The stack's Aspire parameters. Secrets get generated defaults that are persisted in the AppHost's
/// user secrets on first run, so <c>dotnet run</c> works without a prompt and values survive restarts;
/// set <c>Parameters:grafana-admin-password</c> / <c>Parameters:chaos-token</c> to choose your own.
/// </summary>
public sealed record StackParameters(
    IResourceBuilder<ParameterResource> Replicas,
    IResourceBuilder<ParameterResource> GrafanaAdminPassword,
    IResourceBuilder<ParameterResource> ChaosToken)
{
    public const string GrafanaAdminPasswordName = "grafana-admin-password";
    public const string ChaosTokenName = "chaos-token";

    public static StackParameters Add(IDistributedApplicationBuilder builder, StackSettings stack)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(stack);

        var replicas = builder
            .AddParameter(StackSettings.ReplicasParameter,
                stack.Topology.Replicas.ToString(CultureInfo.InvariantCulture), publishValueAsDefault: true)
            .WithDescription("Number of API replicas (api-0 ... api-N-1), each on its own port from config/topology.json. Read when the AppHost starts.");

        var grafanaPassword = builder
            .AddParameter(GrafanaAdminPasswordName,
                new GenerateParameterDefault { MinLength = 20, Special = false }, secret: true, persist: true)
            .WithDescription("Password of Grafana's 'admin' user.");

        // No special characters: the token travels in an HTTP header and an environment variable.
        var chaosToken = builder
            .AddParameter(ChaosTokenName,
                new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true)
            .WithDescription("Token the API's /chaos routes require in the X-Chaos-Token header.");

        if (stack.IsPublishMode)
        {
            // Neither reaches a deployment: the published API is one app whose replicas the platform scales,
            // and it runs without fault switches. azd would otherwise ask for values nothing uses.
            replicas.ExcludeFromManifest();
            chaosToken.ExcludeFromManifest();
        }
        return new StackParameters(replicas, grafanaPassword, chaosToken);
    }
}
