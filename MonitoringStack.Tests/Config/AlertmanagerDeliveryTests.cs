using System.Text.Json;
using MonitoringStack.Hosting;
using static MonitoringStack.Tests.Config.RunningAlertmanager;

namespace MonitoringStack.Tests.Config;

/// <summary>
/// Real alerts through real Alertmanager to a real webhook receiver: payload, grouping, inhibition,
/// and the Slack template (delivered to the local Slack sink when no Slack URL is configured).
/// </summary>
public sealed class AlertmanagerDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(20);
    private RunningAlertmanager _alertmanager = null!;

    public async Task InitializeAsync() => _alertmanager = await StartAsync();

    public async Task DisposeAsync() => await _alertmanager.DisposeAsync();

    [Fact]
    public async Task Two_alerts_of_one_group_arrive_as_one_webhook_notification_with_the_full_payload()
    {
        await _alertmanager.PostAsync(false, Labels("HighErrorRate", "warning", "api-0"), Labels("HighErrorRate", "warning", "api-1"));

        var post = await _alertmanager.Receiver.WaitForAsync(p => p.Path == "/alerts", Delivery, "webhook notification");
        // group_wait (5 s for warnings) has passed; a second notification would arrive only after group_interval (30 s).
        await Task.Delay(TimeSpan.FromSeconds(2));

        var body = post.Payload;
        Assert.Single(await _alertmanager.Receiver.NotificationsAsync(), p => p.Path == "/alerts");
        Assert.Equal("4", body.GetProperty("version").GetString());
        Assert.Equal("warning", body.GetProperty("receiver").GetString());
        Assert.Equal("firing", body.GetProperty("status").GetString());
        Assert.Equal("HighErrorRate", body.GetProperty("groupLabels").GetProperty("alertname").GetString());
        Assert.Equal("api", body.GetProperty("groupLabels").GetProperty("job").GetString());
        Assert.Equal("warning", body.GetProperty("commonLabels").GetProperty("severity").GetString());
        var alerts = body.GetProperty("alerts").EnumerateArray().ToArray();
        Assert.Equal(["api-0", "api-1"], alerts.Select(a => a.GetProperty("labels").GetProperty("instance").GetString()).Order());
        Assert.All(alerts, a => Assert.Equal("docs/runbooks/HighErrorRate.md", a.GetProperty("annotations").GetProperty("runbook_url").GetString()));
        Assert.All(alerts, a => Assert.Equal("firing", a.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Slack_receiver_renders_the_readable_template_to_the_local_sink()
    {
        await _alertmanager.PostAsync(false, Labels("HighErrorRate", "warning", "api-0"), Labels("HighErrorRate", "warning", "api-1"));

        var slack = await _alertmanager.Receiver.WaitForAsync(p => p.Path == "/slack", Delivery, "Slack notification");

        var attachment = slack.Payload.GetProperty("attachments")[0];
        Assert.Equal("#monitoringstack-warnings", slack.Payload.GetProperty("channel").GetString());
        Assert.Equal("[FIRING:2] HighErrorRate (api) warning", attachment.GetProperty("title").GetString());
        var text = attachment.GetProperty("text").GetString()!;
        Assert.Contains("*HighErrorRate test summary*", text, StringComparison.Ordinal);
        Assert.Contains("• instance: api-0", text, StringComparison.Ordinal);
        Assert.Contains("• runbook: docs/runbooks/HighErrorRate.md", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slack_gets_the_firing_and_the_resolved_message_in_slack_format()
    {
        // Critical: the Slack URL (here the local sink standing in for hooks.slack.com) gets both messages.
        await _alertmanager.PostAsync(false, Labels("AppDown", "critical", "api-0"));
        var firing = await _alertmanager.Receiver.WaitForAsync(p => p.Path == "/slack" && Title(p).StartsWith("[FIRING", StringComparison.Ordinal), Delivery, "firing Slack message");

        await _alertmanager.PostAsync(true, Labels("AppDown", "critical", "api-0"));
        var resolved = await _alertmanager.Receiver.WaitForAsync(p => p.Path == "/slack" && Title(p).StartsWith("[RESOLVED", StringComparison.Ordinal), Delivery, "resolved Slack message");

        foreach (var (post, title, color) in new[] { (firing, "[FIRING:1] AppDown (api) critical", "danger"), (resolved, "[RESOLVED] AppDown (api) critical", "good") })
        {
            // Slack's incoming-webhook format: a channel and attachments with title, text, colour, fallback.
            Assert.Equal("#monitoringstack-critical", post.Payload.GetProperty("channel").GetString());
            var attachment = post.Payload.GetProperty("attachments")[0];
            Assert.Equal(title, attachment.GetProperty("title").GetString());
            Assert.Equal(color, attachment.GetProperty("color").GetString());
            Assert.False(string.IsNullOrEmpty(attachment.GetProperty("fallback").GetString()));
            var text = attachment.GetProperty("text").GetString()!;
            Assert.Contains("*AppDown test summary*", text, StringComparison.Ordinal);
            Assert.Contains("AppDown test description", text, StringComparison.Ordinal);
            Assert.Contains("• runbook: docs/runbooks/AppDown.md", text, StringComparison.Ordinal);
        }
        Assert.Contains("(resolved)", resolved.Payload.GetProperty("attachments")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllReplicasDown_inhibits_per_replica_alerts_until_it_resolves()
    {
        await _alertmanager.PostAsync(false, Labels("AllReplicasDown", "critical"));
        await _alertmanager.Receiver.WaitForAsync(p => AlertName(p) == "AllReplicasDown", Delivery, "AllReplicasDown notification");

        await _alertmanager.PostAsync(false, Labels("AppDown", "critical", "api-0"));
        await WaitForInhibitedAsync("AppDown", expected: true);
        // Critical alerts have group_wait 0 s: an AppDown notification would have arrived by now.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain(await _alertmanager.Receiver.NotificationsAsync(), p => AlertName(p) == "AppDown");

        // Once the source resolves the target is no longer inhibited; it is then notified at its group's
        // next flush (group_interval, 30 s), which this test does not wait for.
        await _alertmanager.PostAsync(true, Labels("AllReplicasDown", "critical"));
        await WaitForInhibitedAsync("AppDown", expected: false);
    }

    [Fact]
    public async Task Critical_alert_inhibits_the_warning_of_the_same_alert_and_target()
    {
        await _alertmanager.PostAsync(false, Labels("HighErrorRate", "critical", "api-0"), Labels("HighErrorRate", "warning", "api-0"), Labels("HighErrorRate", "warning", "api-1"));

        await WaitForInhibitedAsync("HighErrorRate", expected: true, instance: "api-0", severity: "warning");
        var critical = await _alertmanager.Receiver.WaitForAsync(p => p.Path == "/alerts" && p.Payload.GetProperty("receiver").GetString() == "critical", Delivery, "critical notification");
        var warning = await _alertmanager.Receiver.WaitForAsync(p => p.Path == "/alerts" && p.Payload.GetProperty("receiver").GetString() == "warning", Delivery, "warning notification");

        Assert.Equal(["api-0"], Instances(critical));
        // api-1's warning has no critical twin and still arrives; api-0's warning is inhibited.
        Assert.Equal(["api-1"], Instances(warning));
    }

    private async Task WaitForInhibitedAsync(string alertName, bool expected, string? instance = null, string? severity = null)
    {
        JsonElement alerts = default;
        await Eventually.AssertAsync(async () =>
        {
            alerts = await _alertmanager.AlertsAsync();
            var match = alerts.EnumerateArray().FirstOrDefault(a =>
                a.GetProperty("labels").GetProperty("alertname").GetString() == alertName
                && (instance is null || a.GetProperty("labels").TryGetProperty("instance", out var i) && i.GetString() == instance)
                && (severity is null || a.GetProperty("labels").GetProperty("severity").GetString() == severity));
            return match.ValueKind == JsonValueKind.Object && match.GetProperty("status").GetProperty("inhibitedBy").GetArrayLength() > 0 == expected;
        }, () => $"{alertName} inhibited={expected}; alerts: {alerts}\n{_alertmanager.Log}", Delivery, TimeSpan.FromMilliseconds(200));
    }

    private static string Title(ReceivedNotification post) =>
        post.Payload.GetProperty("attachments")[0].GetProperty("title").GetString() ?? "";

    private static string? AlertName(ReceivedNotification post) =>
        post.Path == "/alerts" ? post.Payload.GetProperty("groupLabels").GetProperty("alertname").GetString() : null;

    private static string[] Instances(ReceivedNotification post) =>
        [.. post.Payload.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("labels").GetProperty("instance").GetString() ?? "").Order()];
}
