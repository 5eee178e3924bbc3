namespace MonitoringStack.Hosting;

/// <summary>
/// The routing tree the package renders into alertmanager.yml: a default receiver, routes by label
/// matchers, grouping and timing. Ignored when the configuration is the user's own.
/// </summary>
public sealed class AlertmanagerSettings
{
    /// <summary>Alerts with the same values of these labels go out in one notification.</summary>
    public IList<string> GroupBy { get; } = ["alertname", "job"];

    /// <summary>How long a new group waits for more alerts before its first notification.</summary>
    public TimeSpan GroupWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long before a group's next notification about new alerts in it.</summary>
    public TimeSpan GroupInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long before a notification that was sent is sent again while the alert keeps firing.</summary>
    public TimeSpan RepeatInterval { get; set; } = TimeSpan.FromHours(4);

    internal AlertReceiverResource? DefaultReceiver { get; set; }

    internal List<AlertRoute> Routes { get; } = [];
}

/// <summary>Alerts matching every matcher (Alertmanager syntax, e.g. <c>severity="critical"</c>) go to the receiver.</summary>
internal sealed record AlertRoute(IReadOnlyList<string> Matchers, AlertReceiverResource Receiver);
