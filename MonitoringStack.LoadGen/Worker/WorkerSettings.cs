using System.Globalization;
using Microsoft.Extensions.Configuration;
using MonitoringStack.Load.Engine;
using MonitoringStack.LoadGen.Cli;

namespace MonitoringStack.LoadGen.Worker;

/// <summary>
/// The worker's configuration (section <c>LoadGen</c>; environment form <c>LoadGen__Rate=100</c>;
/// command line <c>--LoadGen:Rate=100</c> or the <c>worker</c> options).
/// </summary>
/// <remarks>
/// <c>LoadGen:Target</c> (else <c>services__nginx__http__0</c>), <c>LoadGen:Profile</c> (file or built-in
/// name; looped), <c>LoadGen:Rate</c> (requests/s: the inline constant rate, or an override of the
/// profile; default 10), <c>LoadGen:Duration</c> (length of one inline loop, default 1h),
/// <c>LoadGen:Path</c> (inline: one path instead of the API mix), <c>LoadGen:MetricsPort</c> (default 9464,
/// when no <c>--urls</c>), <c>LoadGen:Loop</c> (default true), <c>LoadGen:MaxInFlight</c>, <c>LoadGen:Timeout</c>.
/// </remarks>
public sealed record WorkerSettings(Uri Target, LoadProfile Profile, double? RateOverride, bool Loop)
{
    public const string Section = "LoadGen";
    public const int DefaultMetricsPort = 9464;
    public const double DefaultRate = 10;

    /// <exception cref="ArgumentException">No usable target or conflicting settings.</exception>
    /// <exception cref="Profiles.ProfileException">The configured profile is invalid (reported before the host starts).</exception>
    public static WorkerSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var profile = section["Profile"];
        var rate = section["Rate"] is { Length: > 0 } text
            ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)
            : (double?)null;
        var path = section["Path"];
        var options = new ProfileOptions
        {
            Profile = profile,
            Rate = profile is null ? rate ?? DefaultRate : rate,
            Duration = profile is null ? section["Duration"] ?? "1h" : null,
            Paths = path is null ? [] : [path],
            UseApiMix = true,
            Timeout = section["Timeout"],
            MaxInFlight = section.GetValue<int?>("MaxInFlight"),
        };
        var target = TargetResolver.Resolve(null, configuration);
        var (loadProfile, rateOverride) = options.Build(defaultDuration: TimeSpan.FromHours(1));
        return new WorkerSettings(target, loadProfile, rateOverride, section.GetValue("Loop", true));
    }

    /// <summary>Where /metrics and the control API listen when no <c>--urls</c>/<c>ASPNETCORE_URLS</c> is given.</summary>
    public static int MetricsPort(IConfiguration configuration) =>
        configuration.GetValue($"{Section}:MetricsPort", DefaultMetricsPort);
}
