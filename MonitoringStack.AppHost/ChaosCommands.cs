using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.Faults;
using MonitoringStack.Faults.Switches;

namespace MonitoringStack.AppHost;

/// <summary>
/// Adds a dashboard command per switch of <see cref="FaultCatalogue"/> to an API resource: an Aspire HTTP command
/// (POST from the AppHost to the replica's endpoint) carrying the chaos token. A fault's parameters are the
/// command's arguments, starting at the catalogue's preset, and are checked by the catalogue before anything is
/// sent; the experiments run the same commands with their own values. Each applied fault is journaled in
/// faults.jsonl and shown on the fault board. Stop, Start and Restart are Aspire's own lifecycle commands.
/// </summary>
public static class ChaosCommands
{
    public static IResourceBuilder<T> WithChaosCommands<T>(this IResourceBuilder<T> api, IResourceBuilder<ParameterResource> chaosToken, string endpointName)
        where T : IResourceWithEndpoints
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(chaosToken);

        foreach (var fault in FaultCatalogue.Faults)
        {
            var options = Post(api, chaosToken, fault, arguments => fault.Read(Values(arguments)).Json);
            options.Arguments = [.. fault.Parameters.Select(p => new InteractionInput
            {
                Name = p.Name,
                Label = p.Name,
                InputType = InputType.Number,
                Required = p.Required,
                Value = fault.Preset.Arguments[p.Name],
                Description = p == fault.Duration ? $"Seconds, {p.Range}." : p.Range,
            })];
            // The dialog (or the experiment's values) is refused with the parameter at fault before any request.
            options.ValidateArguments = context =>
            {
                if (!fault.TryRead(Values(context.Inputs), out _, out var errors))
                {
                    foreach (var (name, messages) in errors)
                    {
                        context.AddValidationError(name, string.Join(" ", messages));
                    }
                }
                return Task.CompletedTask;
            };
            api.WithHttpCommand(fault.Path, fault.Button.DisplayName, endpointName: endpointName, commandName: fault.CommandName, commandOptions: options);
        }
        var reset = FaultCatalogue.Reset;
        api.WithHttpCommand(reset.Path, reset.Button.DisplayName, endpointName: endpointName, commandName: reset.CommandName,
            commandOptions: Post(api, chaosToken, reset, _ => "{}"));
        return api;
    }

    private static HttpCommandOptions Post<T>(IResourceBuilder<T> api, IResourceBuilder<ParameterResource> chaosToken, FaultSwitch fault, Func<InteractionInputCollection, string> body)
        where T : IResourceWithEndpoints => new()
        {
            Method = HttpMethod.Post,
            Description = fault.Button.Description,
            IconName = fault.Button.IconName,
            ConfirmationMessage = fault.Button.ConfirmationMessage,
            PrepareRequest = async context =>
            {
                var token = await chaosToken.Resource.GetValueAsync(context.CancellationToken).ConfigureAwait(false);
                context.Request.Headers.Add(ChaosOptions.TokenHeader, token);
                context.Request.Content = new StringContent(body(context.Arguments), Encoding.UTF8, "application/json");
            },
            GetCommandResult = async context =>
            {
                var answer = await context.Response.Content.ReadAsStringAsync(context.CancellationToken).ConfigureAwait(false);
                if (!context.Response.IsSuccessStatusCode)
                {
                    return CommandResults.Failure($"{(int)context.Response.StatusCode}: {answer}");
                }
                var detail = $"POST {fault.Path} {body(context.Arguments)}";
                context.Services.GetRequiredService<MonitoringJournal>().Faulted(
                    new FaultRecord(DateTimeOffset.UtcNow, fault.CommandName, api.Resource.Name, null, detail));
                Window(context.Services.GetRequiredService<FaultBoard>(), fault, api.Resource.Name, context.Arguments);
                return CommandResults.Success($"{detail} on {api.Resource.Name}: {(int)context.Response.StatusCode} {answer}");
            },
        };

    /// <summary>
    /// The switch's window on the fault board, beside the API's own gauge: a lasting fault for its duration, a reset
    /// ends them all. A crash is the supervisor's to show (from the exit until the replica answers again).
    /// </summary>
    private static void Window(FaultBoard board, FaultSwitch fault, string replica, InteractionInputCollection arguments)
    {
        if (fault is SwitchFault { IsLasting: true } lasting)
        {
            board.Started(lasting.Name, replica, lasting.Read(Values(arguments)).Duration);
        }
        else if (fault == FaultCatalogue.Reset)
        {
            foreach (var ended in FaultCatalogue.Faults.Where(f => f.IsLasting))
            {
                board.Ended(ended.Name, replica);
            }
        }
    }

    private static Dictionary<string, string?> Values(InteractionInputCollection arguments) =>
        arguments.ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);
}
