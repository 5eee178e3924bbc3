using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonitoringStack.Topology;
using MonitoringStack.Topology.Rendering;

namespace MonitoringStack.AppHost.Autoscaling;

/// <summary>
/// The autoscaling loop: every interval it reads the running replicas' signal from Prometheus, lets
/// <see cref="AutoscalerDecider"/> decide, and carries a change out through the stack's own <c>scale</c>
/// command (the same path as a person in the dashboard, so the stack's replica property and
/// scaling.jsonl stay true). Every decision is journaled; the stack resource's log gets a line whenever
/// the outcome differs from the previous one (a line every interval would bury the changes).
/// </summary>
public sealed class Autoscaler(
    AutoscalingPolicy policy,
    AutoscalerDecider decider,
    SignalReader reader,
    AutoscalerJournal journal,
    AutoscalerStatus status,
    AutoscalerSwitch onOff,
    ApiReplicaSet scaler,
    StackSettings stack,
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLogs) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var log = resourceLogs.GetLogger(StackControl.Name);
        try
        {
            await notifications.WaitForResourceAsync(StackControl.Name, KnownResourceStates.Running, stoppingToken).ConfigureAwait(false);
            await status.PublishSettingsAsync(onOff.Enabled).ConfigureAwait(false);
            if (!onOff.Enabled)
            {
                AutoscalerLog.Off(log, HowToSwitchOn);
            }
            // Until Prometheus answers every reading would be "missing": not worth a decision.
            await notifications.WaitForResourceHealthyAsync(StackEndpoints.PrometheusResource, stoppingToken).ConfigureAwait(false);
            // A change by hand counts too: its replicas need the same time to show in the signal.
            scaler.Scaled += _ => decider.Changed(DateTimeOffset.UtcNow);

            bool? wasOn = null;
            string? previous = null;
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(policy.IntervalSeconds));
            do
            {
                var on = onOff.Enabled;
                if (on != wasOn)
                {
                    await SwitchedAsync(on, wasOn is null, log).ConfigureAwait(false);
                    wasOn = on;
                    previous = null;
                }
                onOff.Acting = on;
                if (!on)
                {
                    continue;
                }
                try
                {
                    var decision = await DecideAndActAsync(stoppingToken).ConfigureAwait(false);
                    journal.Append(decision);
                    await status.PublishAsync(decision).ConfigureAwait(false);
                    var summary = $"{decision.Action} {decision.Current}->{decision.To} {decision.Recommendation} {ReasonKind(decision.Reason)}";
                    if (summary != previous || decision.Outcome is not null)
                    {
                        AutoscalerLog.Decided(log, decision.Action, decision.Reason, decision.Outcome ?? "");
                        previous = summary;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A failed tick (an odd answer, a full disk) must not end the loop, nor, as an
                    // unhandled BackgroundService exception, the whole AppHost: say it and try again.
                    AutoscalerLog.TickFailed(log, ex.Message);
                    previous = null;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The AppHost is shutting down.
        }
    }

    // Switched on or off (at start by the setting, later by command): journaled too, so a run that
    // compares fixed and autoscaled replicas finds in the same file when the autoscaler could act.
    private async Task SwitchedAsync(bool on, bool atStart, ILogger log)
    {
        if (on)
        {
            // What was recommended before it was switched off says nothing about the load now.
            decider.Forget();
            AutoscalerLog.On(log, policy.Signal.Name, policy.Signal.Target, policy.MinReplicas, policy.MaxReplicas, journal.Path);
        }
        else if (!atStart)
        {
            AutoscalerLog.Off(log, HowToSwitchOn);
        }
        if (atStart && !on)
        {
            return;
        }
        var decision = new AutoscalerDecision
        {
            At = DateTimeOffset.UtcNow,
            Signal = policy.Signal.Name,
            Target = policy.Signal.Target,
            Current = scaler.Running,
            Readings = new Dictionary<string, double?>(),
            To = scaler.Running,
            Action = AutoscalerAction.Hold,
            Reason = on ? (atStart ? "autoscaler on (setting)" : "autoscaler switched on (command)") : "autoscaler switched off (command)",
        };
        journal.Append(decision);
        await status.PublishAsync(decision).ConfigureAwait(false);
    }

    private async Task<AutoscalerDecision> DecideAndActAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var current = scaler.Running;
        var replicas = stack.Topology.PossibleApiReplicas.Take(current).Select(r => r.Name).ToArray();
        var readings = await reader.ReadAsync(replicas, now, cancellationToken).ConfigureAwait(false);
        var decision = decider.Decide(now, current, readings);
        if (decision.Action is not (AutoscalerAction.ScaleUp or AutoscalerAction.ScaleDown))
        {
            return decision;
        }
        var arguments = new InteractionInputCollection(
        [
            new InteractionInput
            {
                Name = ReplicaResourceBuilderExtensions.ReplicasArgument, Label = "Replicas", InputType = InputType.Number,
                Value = decision.To.ToString(CultureInfo.InvariantCulture),
            },
        ]);
        var result = await commands.ExecuteCommandAsync(ApiReplicaResources.SetName, ReplicaResourceBuilderExtensions.ScaleCommand, arguments, cancellationToken).ConfigureAwait(false);
        // The scale command may have taken seconds: settle from when the new count took effect. Only a
        // scale-up is remembered as a recommendation (its replicas have no reading yet); remembering a
        // scale-down would hold the next step down for a whole window more.
        decider.Changed(DateTimeOffset.UtcNow, result.Success && decision.Action == AutoscalerAction.ScaleUp ? decision.To : null);
        return decision with { Outcome = result.Success ? result.Message ?? "scaled" : $"scale failed: {result.Message}" };
    }

    private static readonly string HowToSwitchOn = $"{AutoscalingSettings.EnabledKey}=true or the {AutoscalerCommands.On} command";

    // The reason without its numbers: a steady "within tolerance" at slightly different values logs once.
    private static string ReasonKind(string reason) => new(reason.Where(c => !char.IsDigit(c) && c != '.').ToArray());
}

internal static partial class AutoscalerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Autoscaler off ({Switch} switches it on)")]
    public static partial void Off(ILogger logger, string @switch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Autoscaler on: {Signal}, target {Target} per replica, {Min} to {Max} replicas; every decision in {Journal}")]
    public static partial void On(ILogger logger, string signal, double target, int min, int max, string journal);

    [LoggerMessage(Level = LogLevel.Error, Message = "Autoscaler decision failed, no change: {Error}")]
    public static partial void TickFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Autoscaler {Action}: {Reason} {Outcome}")]
    public static partial void Decided(ILogger logger, AutoscalerAction action, string reason, string outcome);
}
