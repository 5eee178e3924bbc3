namespace MonitoringStack.AppHost;

/// <summary>
/// A fault button: one POST to an API chaos route with a fixed, demo-sized body. The API validates
/// the body and owns the behaviour; these presets only make the common experiments one click away.
/// </summary>
public sealed record ChaosFault(string CommandName, string DisplayName, string Path, string JsonBody, string Description, string IconName, string? ConfirmationMessage = null)
{
    public static IReadOnlyList<ChaosFault> All { get; } =
    [
        new("chaos-latency", "Inject latency (500 ms, 60 s)", "/chaos/latency",
            """{"delayMs":500,"durationSeconds":60}""",
            "Adds 500 ms to every request for 60 s.", "Timer"),
        new("chaos-errors", "Inject errors (50% 500, 60 s)", "/chaos/errors",
            """{"rate":0.5,"status":500,"durationSeconds":60}""",
            "Half of the requests answer 500 for 60 s.", "ErrorCircle"),
        new("chaos-cpu", "Burn CPU (2 threads, 30 s)", "/chaos/cpu",
            """{"threads":2,"durationSeconds":30}""",
            "Two busy threads for 30 s.", "Gauge"),
        new("chaos-memory", "Hold memory (256 MB, 60 s)", "/chaos/memory",
            """{"megabytes":256,"durationSeconds":60}""",
            "Allocates and holds 256 MB for 60 s.", "Memory16"),
        new("chaos-hang", "Hang (30 s)", "/chaos/hang",
            """{"seconds":30}""",
            "Requests stop being answered for 30 s; health checks fail.", "Pause",
            "The replica stops answering for 30 s. Continue?"),
        new("chaos-crash", "Crash (exit 137)", "/chaos/crash",
            """{"exitCode":137}""",
            "The API exits at once after answering, as a crash would; the AppHost restarts it.", "Delete",
            "The replica's process will exit. Continue?"),
        new("chaos-reset", "Reset faults", "/chaos/reset",
            "{}",
            "Clears every active fault.", "ArrowReset"),
    ];
}
