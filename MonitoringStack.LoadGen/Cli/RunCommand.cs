using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using MonitoringStack.Load.Engine;
using MonitoringStack.LoadGen.Output;
using MonitoringStack.LoadGen.Profiles;
using Spectre.Console;

namespace MonitoringStack.LoadGen.Cli;

/// <summary><c>run</c>: one load test, a summary table, an optional JSON result, and an exit code from the thresholds.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var profile = new Option<string?>("--profile", "-p") { Description = "Profile file (YAML/JSON) or built-in name: ramp-up, spike, sustained, step, browse." };
        var target = new Option<string?>("--target", "-t") { Description = "Base URL, e.g. http://127.0.0.1:5080 (else LoadGen__Target or services__nginx__http__0)." };
        var rate = new Option<double?>("--rate", "-r") { Description = "Open model: requests per second (inline profile), or a rate forced on the profile's arrival-rate phases." };
        var users = new Option<int?>("--vus") { Description = "Closed model: virtual users without think time (inline profile)." };
        var duration = new Option<string?>("--duration", "-d") { Description = "Inline profile length, e.g. 30s (default 30s)." };
        var paths = new Option<string[]>("--path") { Description = "Inline profile: path(s) to GET, equal weights (default /). Placeholders like /data/${id:1-1000} work.", Arity = ArgumentArity.ZeroOrMore };
        var apiMix = new Option<bool>("--api-mix") { Description = "Inline profile: use the API's weighted mix (/, /data?page=, /data/{id}, POST /process)." };
        var thresholds = new Option<string[]>("--threshold") { Description = "Pass/fail rule, repeatable: p99<200ms, errors<0.1%, rate>=95%, dropped<1%.", Arity = ArgumentArity.ZeroOrMore };
        var output = new Option<string?>("--out", "-o") { Description = "Write the JSON result to this file." };
        var timeout = new Option<string?>("--timeout") { Description = "Request timeout (default 10s, or the profile's)." };
        var maxInFlight = new Option<int?>("--max-in-flight") { Description = "Open model: arrivals beyond this many in-flight requests are dropped (default 1000)." };
        var connections = new Option<int?>("--connections") { Description = "TCP connections to the target (default: --max-in-flight)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress lines on stderr." };

        var command = new Command("run", "Run one load test and exit (non-zero when a threshold fails).")
        {
            profile, target, rate, users, duration, paths, apiMix, thresholds, output, timeout, maxInFlight, connections, quiet,
        };
        command.SetAction((parse, cancellationToken) => ExecuteAsync(
            new ProfileOptions
            {
                Profile = parse.GetValue(profile),
                Rate = parse.GetValue(rate),
                VirtualUsers = parse.GetValue(users),
                Duration = parse.GetValue(duration),
                Paths = parse.GetValue(paths) ?? [],
                UseApiMix = parse.GetValue(apiMix),
                Thresholds = parse.GetValue(thresholds) ?? [],
                Timeout = parse.GetValue(timeout),
                MaxInFlight = parse.GetValue(maxInFlight),
                Connections = parse.GetValue(connections),
            },
            parse.GetValue(target), parse.GetValue(output), parse.GetValue(quiet), cancellationToken));
        return command;
    }

    private static async Task<int> ExecuteAsync(ProfileOptions options, string? targetText, string? output, bool quiet, CancellationToken cancellationToken)
    {
        LoadProfile profile;
        double? rateOverride;
        Uri target;
        try
        {
            (profile, rateOverride) = options.Build(defaultDuration: TimeSpan.FromSeconds(30));
            target = TargetResolver.Resolve(targetText, new ConfigurationBuilder().AddEnvironmentVariables().Build());
        }
        catch (Exception ex) when (ex is ArgumentException or ProfileException or IOException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.Usage;
        }

        using var runner = new LoadRunner();
        if (rateOverride is double forced)
        {
            runner.Control.SetRate(forced);
        }
        var progress = quiet ? null : new Progress<LoadProgress>(p => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[{p.Elapsed.TotalSeconds,6:0.0}s] {p.Phase,-14} target {p.TargetRate,8:0.0}/s  sent {p.Sent,9}  done {p.Completed,9}  errors {p.Errors,7}  dropped {p.Dropped,7}  in-flight {p.InFlight,5}")));
        var result = await runner.RunAsync(profile, target, progress, cancellationToken);

        ConsoleSummary.Write(CreateConsole(), result);
        if (output is not null)
        {
            await ResultJson.WriteAsync(result, output, CancellationToken.None);
        }
        return !result.Passed ? ExitCodes.ThresholdsFailed
            : result.Interrupted ? ExitCodes.Interrupted
            : ExitCodes.Ok;
    }

    /// <summary>A console wide enough for the tables even when output goes to a file or pipe.</summary>
    private static IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 180;
        }
        return console;
    }
}
