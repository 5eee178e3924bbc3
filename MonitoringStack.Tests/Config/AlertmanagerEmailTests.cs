using MonitoringStack.Topology.Rendering;
using static MonitoringStack.Tests.Config.RunningAlertmanager;

namespace MonitoringStack.Tests.Config;

/// <summary>
/// Issue 12 item 3, email: real Alertmanager with the repository's rendered config (the email receiver
/// of the critical route, rendered only when an SMTP smarthost is configured) delivers to a real SMTP
/// server on loopback, and the test reads the message as a mail client would.
/// </summary>
public sealed class AlertmanagerEmailTests : IAsyncLifetime
{
    private const string OnCall = "oncall@monitoringstack.test";
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(40);
    private SmtpSink _smtp = null!;
    private RunningAlertmanager _alertmanager = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpSink.StartAsync();
        _alertmanager = await StartAsync(new RenderOptions
        {
            // Loopback without TLS: the test server offers neither STARTTLS nor AUTH.
            Smtp = new SmtpSettings { Smarthost = _smtp.Smarthost, From = "alertmanager@monitoringstack.test", To = OnCall, RequireTls = false },
        });
    }

    public async Task DisposeAsync()
    {
        await _alertmanager.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task A_critical_alert_is_mailed_firing_then_resolved_with_summary_description_and_runbook()
    {
        await _alertmanager.PostAsync(false, Labels("AppDown", "critical", "api-0"));

        var firing = await _smtp.WaitForAsync(m => m.Subject.StartsWith("[FIRING", StringComparison.Ordinal), Delivery, "firing email");
        Assert.Equal([OnCall], firing.Recipients);
        Assert.Equal(OnCall, firing.To);
        Assert.Equal("[FIRING:1] AppDown (api) critical", firing.Subject);
        Assert.Contains("*AppDown test summary*", firing.Text, StringComparison.Ordinal);
        Assert.Contains("AppDown test description", firing.Text, StringComparison.Ordinal);
        Assert.Contains("• instance: api-0", firing.Text, StringComparison.Ordinal);
        Assert.Contains("• runbook: docs/runbooks/AppDown.md", firing.Text, StringComparison.Ordinal);
        Assert.Contains("<h3>AppDown test summary</h3>", firing.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"docs/runbooks/AppDown.md\">", firing.Html, StringComparison.Ordinal);

        await _alertmanager.PostAsync(true, Labels("AppDown", "critical", "api-0"));

        var resolved = await _smtp.WaitForAsync(m => m.Subject.StartsWith("[RESOLVED", StringComparison.Ordinal), Delivery, "resolved email");
        Assert.Equal([OnCall], resolved.Recipients);
        Assert.Equal("[RESOLVED] AppDown (api) critical", resolved.Subject);
        Assert.Contains("*AppDown test summary* (resolved)", resolved.Text, StringComparison.Ordinal);
        Assert.Contains("• runbook: docs/runbooks/AppDown.md", resolved.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warnings_are_not_mailed()
    {
        // Only the critical route has an email receiver: a warning reaches the webhook, not the mailbox.
        await _alertmanager.PostAsync(false, Labels("HighErrorRate", "warning", "api-0"));
        await _alertmanager.Receiver.WaitForAsync(p => p.Path == "/alerts", Delivery, "webhook notification of the warning");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Empty(_smtp.Messages);
    }
}
