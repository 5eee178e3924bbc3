using Microsoft.AspNetCore.Http.HttpResults;

namespace MonitoringStack.Api.Chaos;

/// <summary>
/// The <c>/chaos</c> fault switches. Mapped only when <c>Chaos:Enabled=true</c>; every route needs
/// the <c>X-Chaos-Token</c> header (<see cref="ChaosGuardMiddleware"/>). Bodies are validated
/// (<c>AddValidation()</c>): durations are bounded, so every fault ends by itself.
/// </summary>
public static class ChaosEndpoints
{
    public static IEndpointRouteBuilder MapChaosEndpoints(this IEndpointRouteBuilder app)
    {
        var chaos = app.MapGroup("/chaos").WithMetadata(new ChaosEndpointMetadata());

        chaos.MapGet("/", (ChaosFaults faults, TimeProvider time) => TypedResults.Ok(ChaosView.Of(faults, time)));

        chaos.MapPost("/latency", (LatencyFault fault, ChaosFaults faults, TimeProvider time) =>
            Activated(faults.Activate(FaultKind.Latency, fault, TimeSpan.FromSeconds(fault.DurationSeconds)), time));

        chaos.MapPost("/errors", (ErrorFault fault, ChaosFaults faults, TimeProvider time) =>
            Activated(faults.Activate(FaultKind.Errors, fault, TimeSpan.FromSeconds(fault.DurationSeconds)), time));

        chaos.MapPost("/cpu", (CpuFault fault, ChaosFaults faults, TimeProvider time) =>
            Activated(faults.Activate(FaultKind.Cpu, fault, TimeSpan.FromSeconds(fault.DurationSeconds),
                ended => CpuBurner.Start(fault.Threads, ended)), time));

        chaos.MapPost("/memory", (MemoryFault fault, ChaosFaults faults, TimeProvider time) =>
            Activated(faults.Activate(FaultKind.Memory, fault, TimeSpan.FromSeconds(fault.DurationSeconds),
                _ => new MemoryHog(fault.Megabytes)), time));

        // Answered before the hang begins to bite: the gate only stops requests that arrive later.
        chaos.MapPost("/hang", (HangFault fault, ChaosFaults faults, TimeProvider time) =>
            Activated(faults.Activate(FaultKind.Hang, fault, TimeSpan.FromSeconds(fault.Seconds)), time));

        chaos.MapPost("/crash", (CrashFault? fault, HttpContext context) =>
        {
            var exitCode = (fault ?? new CrashFault()).ExitCode;
            // Exit only once the answer has left: the caller learns the crash was accepted.
            context.Response.OnCompleted(() =>
            {
                _ = Task.Run(async () =>
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50));
                    ProcessTerminator.ExitAbruptly(exitCode);
                });
                return Task.CompletedTask;
            });
            return TypedResults.Accepted((string?)null, new { crashing = true, exitCode });
        });

        chaos.MapPost("/reset", (ChaosFaults faults) => TypedResults.Ok(new { ended = faults.Reset() }));
        return app;
    }

    private static Ok<ActiveFaultView> Activated(ActiveFault fault, TimeProvider time) =>
        TypedResults.Ok(ActiveFaultView.Of(fault, time));
}

/// <summary>Answer of <c>GET /chaos</c>.</summary>
public sealed record ChaosView(bool Enabled, IReadOnlyList<ActiveFaultView> Active)
{
    public static ChaosView Of(ChaosFaults faults, TimeProvider time) =>
        new(true, [.. faults.Snapshot().Select(f => ActiveFaultView.Of(f, time))]);
}

/// <summary>A fault in force, as shown to operators.</summary>
public sealed record ActiveFaultView(string Fault, object Settings, DateTimeOffset StartedAt, DateTimeOffset EndsAt, double RemainingSeconds)
{
    public static ActiveFaultView Of(ActiveFault fault, TimeProvider time) => new(
        fault.Kind.Label(), fault.Settings, fault.StartedAt, fault.EndsAt,
        Math.Max(0, (fault.EndsAt - time.GetUtcNow()).TotalSeconds));
}
