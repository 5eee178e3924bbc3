using MonitoringStack.Load.Engine;
using MonitoringStack.Load.Thresholds;
using MonitoringStack.LoadGen.Profiles;

namespace MonitoringStack.LoadGen.Cli;

/// <summary>
/// How the command line (and the worker's configuration) turn into a <see cref="LoadProfile"/>: a
/// profile file, or an inline one from <c>--rate</c>/<c>--vus</c> and <c>--duration</c>, plus overrides.
/// </summary>
public sealed record ProfileOptions
{
    public string? Profile { get; init; }
    public double? Rate { get; init; }
    public int? VirtualUsers { get; init; }
    public string? Duration { get; init; }
    public IReadOnlyList<string> Paths { get; init; } = [];
    public IReadOnlyList<string> Thresholds { get; init; } = [];
    public string? Timeout { get; init; }
    public int? MaxInFlight { get; init; }
    public int? Connections { get; init; }
    /// <summary>Inline profiles without <see cref="Paths"/> use the API mix instead of <c>GET /</c>.</summary>
    public bool UseApiMix { get; init; }

    /// <summary>
    /// The profile plus the rate to force from the start (a file profile with <c>--rate</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Conflicting or malformed options.</exception>
    /// <exception cref="ProfileException">The profile file is invalid.</exception>
    public (LoadProfile Profile, double? RateOverride) Build(TimeSpan defaultDuration)
    {
        LoadProfile profile;
        double? rateOverride = null;
        if (Profile is not null)
        {
            if (VirtualUsers is not null || Duration is not null)
            {
                throw new ArgumentException("--vus and --duration describe an inline profile; they cannot be combined with --profile");
            }
            profile = ProfileLoader.Load(Profile);
            rateOverride = Rate;
        }
        else
        {
            if (Rate is not null == VirtualUsers is not null)
            {
                throw new ArgumentException("give either --profile, or --rate (open model) or --vus (closed model)");
            }
            var duration = Duration is null ? defaultDuration : ParseDuration(Duration, "--duration");
            var mix = Paths.Count > 0 ? Paths.Select(p => new RequestSpec("GET", p)).ToArray()
                : UseApiMix ? ApiRequestMix.Default
                : [new RequestSpec("GET", "/")];
            LoadPhase phase = Rate is double rate
                ? LoadPhase.Constant("constant-rate", rate >= 0 ? rate : throw new ArgumentException("--rate must be >= 0"), duration)
                : LoadPhase.VirtualUsers("virtual-users", VirtualUsers!.Value >= 1 ? VirtualUsers.Value : throw new ArgumentException("--vus must be >= 1"), duration);
            profile = new LoadProfile
            {
                Name = Rate is not null ? $"constant {Rate} rps" : $"{VirtualUsers} virtual users",
                Mix = mix,
                Phases = [phase],
            };
        }
        var extra = Thresholds.Select(t =>
        {
            try
            {
                return Threshold.Parse(t);
            }
            catch (FormatException ex)
            {
                throw new ArgumentException(ex.Message, ex);
            }
        });
        profile = profile with
        {
            Thresholds = [.. profile.Thresholds, .. extra],
            RequestTimeout = Timeout is null ? profile.RequestTimeout : ParseDuration(Timeout, "--timeout"),
            MaxInFlight = MaxInFlight is int limit ? (limit >= 1 ? limit : throw new ArgumentException("--max-in-flight must be >= 1")) : profile.MaxInFlight,
            MaxConnections = Connections ?? profile.MaxConnections,
        };
        return (profile, rateOverride);
    }

    private static TimeSpan ParseDuration(string text, string option) =>
        DurationText.TryParse(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw new ArgumentException($"{option}: '{text}' is not a duration (use e.g. 500ms, 30s, 2m)");
}
