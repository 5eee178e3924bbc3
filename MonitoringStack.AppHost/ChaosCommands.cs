using System.Text;

namespace MonitoringStack.AppHost;

/// <summary>
/// Adds the fault buttons of <see cref="ChaosFault.All"/> to an API resource's dashboard menu. Each is an
/// Aspire HTTP command (POST from the AppHost to the replica's endpoint) carrying the chaos token.
/// Stop, Start and Restart are Aspire's own lifecycle commands and need nothing here.
/// </summary>
public static class ChaosCommands
{
    public const string TokenHeader = "X-Chaos-Token";

    public static IResourceBuilder<T> WithChaosCommands<T>(this IResourceBuilder<T> api, IResourceBuilder<ParameterResource> chaosToken, string endpointName)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(chaosToken);

        foreach (var fault in ChaosFault.All)
        {
            api.WithHttpCommand(fault.Path, fault.DisplayName, endpointName: endpointName, commandName: fault.CommandName,
                commandOptions: new HttpCommandOptions
                {
                    Method = HttpMethod.Post,
                    Description = fault.Description,
                    IconName = fault.IconName,
                    ConfirmationMessage = fault.ConfirmationMessage,
                    PrepareRequest = async context =>
                    {
                        var token = await chaosToken.Resource.GetValueAsync(context.CancellationToken).ConfigureAwait(false);
                        context.Request.Headers.Add(TokenHeader, token);
                        context.Request.Content = new StringContent(fault.JsonBody, Encoding.UTF8, "application/json");
                    },
                });
        }
        return api;
    }
}
