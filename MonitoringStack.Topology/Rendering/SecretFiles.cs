namespace MonitoringStack.Topology.Rendering;

/// <summary>
/// The Alertmanager secret files (Slack webhook URL, SMTP password). They are copied into the rendered
/// secrets folder, never into config/. Without a Slack URL file the rendered file points Slack
/// notifications at the local webhook receiver's /slack path, so rendering and Alertmanager work without
/// Slack and the Slack payload can still be seen.
/// </summary>
internal static class SecretFiles
{
    public const string SlackApiUrlFileName = "slack_api_url";
    public const string SmtpPasswordFileName = "smtp_password";

    public sealed record Paths(string SlackApiUrlFile, string SmtpPasswordFile);

    public static Paths Write(RenderedConfig rendered, StackEndpoints endpoints, RenderOptions options)
    {
        var folder = rendered.AlertmanagerSecretsDirectory;
        Directory.CreateDirectory(folder);
        var slack = Path.Combine(folder, SlackApiUrlFileName);
        var password = Path.Combine(folder, SmtpPasswordFileName);

        var slackUrl = options.SlackWebhookUrlFile is { } slackFile
            ? ReadSecret(slackFile, "Slack webhook URL")
            : endpoints.LocalSlackSinkUrl;
        WriteSecret(slack, slackUrl, rendered.Mode);

        var smtpPassword = options.Smtp?.PasswordFile is { } passwordFile ? ReadSecret(passwordFile, "SMTP password") : "";
        WriteSecret(password, smtpPassword, rendered.Mode);

        return new Paths(RenderLayout.InContainer(rendered, slack), RenderLayout.InContainer(rendered, password));
    }

    private static string ReadSecret(string path, string what) =>
        File.Exists(path)
            ? File.ReadAllText(path).Trim()
            : throw new FileNotFoundException($"{what} file not found: {path}", path);

    private static void WriteSecret(string path, string value, HostingMode mode)
    {
        AtomicFile.WriteAllText(path, value);
        if (!OperatingSystem.IsWindows())
        {
            // Local processes run as the user: owner-only. Containers run Alertmanager as another user
            // (nobody) and read the file through a bind mount, so it must be world-readable there.
            File.SetUnixFileMode(path, mode == HostingMode.Local
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }
}
