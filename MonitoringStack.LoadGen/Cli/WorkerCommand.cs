using System.CommandLine;
using System.Globalization;
using MonitoringStack.LoadGen.Profiles;
using MonitoringStack.LoadGen.Worker;

namespace MonitoringStack.LoadGen.Cli;

/// <summary>
/// <c>worker</c>: the long-running load generator the AppHost starts. Options map onto the
/// <c>LoadGen:*</c> configuration keys; anything else (<c>--urls</c>, <c>--LoadGen:Loop=false</c>) goes to the host.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var profile = new Option<string?>("--profile", "-p") { Description = "Profile to loop (LoadGen:Profile); default: constant rate with the API mix." };
        var target = new Option<string?>("--target", "-t") { Description = "Base URL (LoadGen:Target; else services__nginx__http__0)." };
        var rate = new Option<double?>("--rate", "-r") { Description = "Requests/s (LoadGen:Rate, default 10); with --profile, forced on its arrival-rate phases." };
        var metricsPort = new Option<int?>("--metrics-port") { Description = "Port of /metrics and the control API on 127.0.0.1 (LoadGen:MetricsPort, default 9464) unless --urls is given." };
        var command = new Command("worker", "Generate load until stopped; serve /metrics, /health, GET /status, POST|DELETE /rate.")
        {
            profile, target, rate, metricsPort,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
            void Set(string key, string? value)
            {
                if (value is not null)
                {
                    overrides[$"{WorkerSettings.Section}:{key}"] = value;
                }
            }
            Set("Profile", parse.GetValue(profile));
            Set("Target", parse.GetValue(target));
            Set("Rate", parse.GetValue(rate)?.ToString(CultureInfo.InvariantCulture));
            Set("MetricsPort", parse.GetValue(metricsPort)?.ToString(CultureInfo.InvariantCulture));
            try
            {
                await using var app = WorkerHost.Build([.. parse.UnmatchedTokens], overrides);
                await app.RunAsync(cancellationToken);
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is ArgumentException or ProfileException or FormatException or IOException)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}
