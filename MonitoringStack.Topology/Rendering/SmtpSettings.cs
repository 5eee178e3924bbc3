namespace MonitoringStack.Topology.Rendering;

/// <summary>
/// SMTP settings of the email receiver, taken from configuration or the environment at render time.
/// No password here: only the path of a file that holds it (Alertmanager's auth_password_file).
/// </summary>
public sealed record SmtpSettings
{
    /// <summary>host:port of the SMTP server.</summary>
    public required string Smarthost { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public string Username { get; init; } = "";
    /// <summary>Host path of a file holding the SMTP password; copied into the rendered secrets folder.</summary>
    public string? PasswordFile { get; init; }
    public bool RequireTls { get; init; } = true;

    public const string SmarthostVariable = "MONITORINGSTACK_SMTP_SMARTHOST";
    public const string FromVariable = "MONITORINGSTACK_SMTP_FROM";
    public const string ToVariable = "MONITORINGSTACK_SMTP_TO";
    public const string UsernameVariable = "MONITORINGSTACK_SMTP_USERNAME";
    public const string PasswordFileVariable = "MONITORINGSTACK_SMTP_PASSWORD_FILE";
    public const string RequireTlsVariable = "MONITORINGSTACK_SMTP_REQUIRE_TLS";

    /// <summary>
    /// Reads <c>MONITORINGSTACK_SMTP_*</c>; null (no email receiver) unless smarthost, from and to are all set.
    /// </summary>
    public static SmtpSettings? FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        var smarthost = read(SmarthostVariable);
        var from = read(FromVariable);
        var to = read(ToVariable);
        if (string.IsNullOrWhiteSpace(smarthost) || string.IsNullOrWhiteSpace(from) || string.IsNullOrWhiteSpace(to))
        {
            return null;
        }
        return new SmtpSettings
        {
            Smarthost = smarthost,
            From = from,
            To = to,
            Username = read(UsernameVariable) ?? "",
            PasswordFile = read(PasswordFileVariable),
            RequireTls = !string.Equals(read(RequireTlsVariable), "false", StringComparison.OrdinalIgnoreCase),
        };
    }
}
