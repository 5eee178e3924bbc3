using System.Collections.Immutable;
using System.Globalization;
using MonitoringStack.Topology;

namespace MonitoringStack.AppHost.Autoscaling;

/// <summary>The autoscaler's settings and its latest decision as properties of the dashboard's stack resource.</summary>
public sealed class AutoscalerStatus(ResourceNotificationService notifications, DistributedApplicationModel model, AutoscalingPolicy policy, AutoscalerJournal journal)
{
    public const string EnabledProperty = "autoscaler.enabled";
    public const string DecisionProperty = "autoscaler.decision";
    public const string ReasonProperty = "autoscaler.reason";

    public Task PublishEnabledAsync(bool enabled) => PublishAsync([Enabled(enabled)]);

    public Task PublishSettingsAsync(bool enabled) => PublishAsync(
    [
        Enabled(enabled),
        new("autoscaler.signal", policy.Signal.Name),
        new("autoscaler.target", F(policy.Signal.Target)),
        new("autoscaler.replicas", $"{policy.MinReplicas} to {policy.MaxReplicas}"),
        new("autoscaler.windows", $"tolerance {F(policy.Tolerance * 100)} %, up {F(policy.ScaleUp.StabilizationWindowSeconds)} s, down {F(policy.ScaleDown.StabilizationWindowSeconds)} s, settle {F(policy.SettleSeconds)} s"),
        new("autoscaler.journal", journal.Path),
    ]);

    public Task PublishAsync(AutoscalerDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return PublishAsync(
        [
            new(DecisionProperty, $"{decision.At:HH:mm:ss} {decision.Action}: {decision.Current} -> {decision.To}"),
            new("autoscaler.metric", decision.Average is { } average ? F(average) : "none"),
            new(ReasonProperty, decision.Outcome is null ? decision.Reason : $"{decision.Reason} ({decision.Outcome})"),
        ]);
    }

    private static ResourcePropertySnapshot Enabled(bool enabled) =>
        new(EnabledProperty, enabled ? "true" : $"false ({AutoscalingSettings.EnabledKey}=true or the autoscaler-on command)");

    private Task PublishAsync(ResourcePropertySnapshot[] properties)
    {
        var resource = model.Resources.Single(r => r.Name == StackControl.Name);
        var names = properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        // The updater runs on the latest snapshot, so the scale command's own property update is kept.
        return notifications.PublishUpdateAsync(resource, snapshot => snapshot with
        {
            Properties = [.. snapshot.Properties.Where(p => !names.Contains(p.Name)), .. properties],
        });
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
