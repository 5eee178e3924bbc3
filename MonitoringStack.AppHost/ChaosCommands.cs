using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.AppHost.Supervision;

namespace MonitoringStack.AppHost;

/// <summary>
/// Adds the fault buttons of <see cref="ChaosFault.All"/> to an API resource's dashboard menu. Each is an
/// Aspire HTTP command (POST from the AppHost to the replica's endpoint) carrying the chaos token.
/// Each applied fault is journaled in faults.jsonl. Stop, Start and Restart are Aspire's own lifecycle commands.
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
                    GetCommandResult = async context =>
                    {
                        var body = await context.Response.Content.ReadAsStringAsync(context.CancellationToken).ConfigureAwait(false);
                        if (!context.Response.IsSuccessStatusCode)
                        {
                            return CommandResults.Failure($"{(int)context.Response.StatusCode}: {body}");
                        }
                        context.Services.GetRequiredService<MonitoringJournal>().Faulted(
                            new FaultRecord(DateTimeOffset.UtcNow, fault.CommandName, api.Resource.Name, null, $"POST {fault.Path} {fault.JsonBody}"));
                        return CommandResults.Success($"{fault.DisplayName}: {body}");
                    },
                });
        }
        return api;
    }
}
