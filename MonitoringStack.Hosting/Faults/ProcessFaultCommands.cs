using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>
/// Faults a service cannot inject into itself, as resource commands on each replica: kill -9 of its real
/// process, pause/resume (SIGSTOP/SIGCONT) and a network partition (iptables). Each is journaled in
/// faults.jsonl with its time and logged to the replica's log.
/// </summary>
public static class ProcessFaultCommands
{
    public const string Kill = "fault-kill";
    public const string Pause = "fault-pause";
    public const string Resume = "fault-resume";
    public const string Partition = "fault-partition";
    public const string Heal = "fault-heal";
    public const string KeepDownArgument = "keepDownSeconds";

    public static IResourceBuilder<ProjectResource> WithProcessFaultCommands(this IResourceBuilder<ProjectResource> api, string endpointName)
    {
        ArgumentNullException.ThrowIfNull(api);
        var name = api.Resource.Name;
        var endpoint = api.Resource.GetEndpoint(endpointName);

        // Each fault's window on the fault board. A kill's opens before the signal, so the supervisor takes the
        // exit for this kill rather than a crash, and ends when the replica answers again (ReplicaSupervisor).
        api.WithCommand(Kill, "Kill -9", context => Run(context, name, "kill", _ => { }, (services, pid) =>
            {
                var keepDown = KeepDown(context);
                if (keepDown > TimeSpan.Zero)
                {
                    services.GetRequiredService<ReplicaSupervisor>().HoldNextRestart(name, keepDown);
                }
                var board = services.GetRequiredService<FaultBoard>();
                board.Started("kill", name);
                if (!ProcessSignals.Signal(pid, ProcessSignals.SIGKILL))
                {
                    board.Ended("kill", name);
                    return null;
                }
                return $"SIGKILL to pid {pid}" + (keepDown > TimeSpan.Zero ? $", restart held {keepDown.TotalSeconds:0.#} s" : "");
            }),
            new CommandOptions
            {
                Description = "SIGKILL to the replica's process, as the OOM killer would; the AppHost restarts it.",
                IconName = "Delete",
                ConfirmationMessage = $"Kill {name}'s process with SIGKILL?",
                Arguments =
                [
                    new InteractionInput
                    {
                        Name = KeepDownArgument, Label = "Keep down (seconds)", InputType = InputType.Number, Required = false,
                        Description = "Hold the automatic restart at least this long, so a scrape and an alert can see the replica down.",
                    },
                ],
                UpdateState = RunningOnly,
            });
        api.WithCommand(Pause, "Pause (SIGSTOP)", context => Run(context, name, "pause", board => board.Started("pause", name),
                (_, pid) => ProcessSignals.Signal(pid, ProcessSignals.SIGSTOP) ? $"SIGSTOP to pid {pid}" : null),
            new CommandOptions { Description = "Freezes the process: it holds its port and answers nothing.", IconName = "Pause", UpdateState = RunningOnly });
        api.WithCommand(Resume, "Resume (SIGCONT)", context => Run(context, name, "resume", board => board.Ended("pause", name),
                (_, pid) => ProcessSignals.Signal(pid, ProcessSignals.SIGCONT) ? $"SIGCONT to pid {pid}" : null),
            new CommandOptions { Description = "Continues a paused process.", IconName = "Play", UpdateState = RunningOnly });
        api.WithCommand(Partition, "Partition (iptables)", context => Run(context, name, "partition", board => board.Started("partition", name), (services, _) =>
            {
                if (NetworkPartition.WhyNot() is { } reason)
                {
                    throw new InvalidOperationException(reason);
                }
                var partition = services.GetRequiredService<NetworkPartition>();
                partition.Cut(name, endpoint.Port);
                return $"iptables DROP tcp to/from 127.0.0.1:{endpoint.Port} (comment {partition.Tag(name)})";
            }),
            new CommandOptions { Description = "Drops every packet to and from the replica's port (needs root).", IconName = "PlugDisconnected", UpdateState = RunningOnly });
        api.WithCommand(Heal, "Heal partition", context => Run(context, name, "heal", board => board.Ended("partition", name), (services, _) =>
                $"removed {services.GetRequiredService<NetworkPartition>().Heal(name).Count} iptables rule(s)", needsProcess: false),
            new CommandOptions { Description = "Removes the replica's partition rules.", IconName = "PlugConnected" });
        return api;
    }

    private static ResourceCommandState RunningOnly(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    private static TimeSpan KeepDown(ExecuteCommandContext context)
    {
        if (context.Arguments is null || !context.Arguments.TryGetByName(KeepDownArgument, out var input) || string.IsNullOrWhiteSpace(input?.Value))
        {
            return TimeSpan.Zero;
        }
        if (!double.TryParse(input.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds is < 0 or > 600)
        {
            throw new ArgumentException($"{KeepDownArgument} must be a number of seconds between 0 and 600, got '{input.Value}'");
        }
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Applies one fault to the replica's current process, journals it, marks its window on the fault board, and turns refusals into a failed command with the reason.</summary>
    // context.ResourceName is DCP's instance id (api-1-xyz); the model's name is what snapshots and the journal use.
    private static Task<ExecuteCommandResult> Run(ExecuteCommandContext context, string resource, string kind, Action<FaultBoard> window, Func<IServiceProvider, int, string?> apply, bool needsProcess = true)
    {
        var services = context.Services;
        var pid = services.GetRequiredService<ResourceSnapshots>().Pid(resource);
        if (needsProcess && pid is null)
        {
            return Task.FromResult(CommandResults.Failure($"{resource} has no running process"));
        }
        try
        {
            var detail = apply(services, pid ?? 0);
            if (detail is null)
            {
                return Task.FromResult(CommandResults.Failure($"{resource}'s process {pid} is gone"));
            }
            services.GetRequiredService<MonitoringJournal>().Faulted(new FaultRecord(DateTimeOffset.UtcNow, kind, resource, pid, detail));
            window(services.GetRequiredService<FaultBoard>());
            FaultLog.Injected(context.Logger, kind, resource, detail);
            return Task.FromResult(CommandResults.Success($"{kind}: {detail}"));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            return Task.FromResult(CommandResults.Failure(ex.Message));
        }
    }
}

internal static partial class FaultLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Fault {Kind} on {Resource}: {Detail}")]
    public static partial void Injected(ILogger logger, string kind, string resource, string detail);
}
