using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MonitoringStack.Faults.Switches;

/// <summary>
/// The <c>/chaos</c> fault switches: <c>GET /chaos</c>, one POST route per fault of <see cref="FaultCatalogue"/>
/// and <c>POST /chaos/reset</c>. Mapped only when <c>Chaos:Enabled=true</c>; every route needs the
/// <c>X-Chaos-Token</c> header (<see cref="ChaosGuardMiddleware"/>). Bodies are checked by their records'
/// attributes (the catalogue's own check, which the dashboard and the experiments use too): durations are
/// bounded, so every fault ends by itself.
/// </summary>
internal static class ChaosEndpoints
{
    public static IEndpointRouteBuilder MapChaosEndpoints(IEndpointRouteBuilder app)
    {
        var chaos = app.MapGroup(FaultSwitch.RoutePrefix).WithMetadata(new ChaosEndpointMetadata());

        chaos.MapGet("/", (ChaosFaults faults, TimeProvider time) => TypedResults.Ok(ChaosView.Of(faults, time)));

        var routes = new FaultRoutes(chaos);
        foreach (var fault in FaultCatalogue.Faults)
        {
            fault.Accept(routes);
        }

        chaos.MapPost("/" + FaultCatalogue.Reset.Name, (ChaosFaults faults) => TypedResults.Ok(new { ended = faults.Reset() }));
        return app;
    }

    /// <summary>One typed route per fault: the body binds to the fault's own record.</summary>
    private sealed class FaultRoutes(RouteGroupBuilder chaos) : ISwitchFaultVisitor
    {
        public void Visit<T>(SwitchFault<T> fault) where T : class
        {
            if (fault.IsLasting)
            {
                var hold = fault.Hold;
                chaos.MapPost("/" + fault.Name, Results<Ok<ActiveFaultView>, ValidationProblem> (T request, ChaosFaults faults, TimeProvider time) =>
                {
                    if (FaultParameter.Check(fault, request) is { Count: > 0 } errors)
                    {
                        return TypedResults.ValidationProblem(errors);
                    }
                    var duration = new FaultRequest(fault, request).Duration!.Value;
                    var active = faults.Activate(fault, request, duration, hold is null ? null : ended => hold(request, ended));
                    return TypedResults.Ok(ActiveFaultView.Of(active, time));
                });
                return;
            }

            var afterAnswer = fault.AfterAnswer ?? throw new InvalidOperationException($"the instant fault {fault.Name} has no action");
            var answer = fault.Answer ?? throw new InvalidOperationException($"the instant fault {fault.Name} has no answer");
            // The body may be left out: an instant fault's parameters all have defaults (crash: exit code 1).
            chaos.MapPost("/" + fault.Name, Results<Accepted<object>, ValidationProblem> (T? request, HttpContext context) =>
            {
                request ??= (T)fault.Read(new Dictionary<string, string?>()).Value;
                if (FaultParameter.Check(fault, request) is { Count: > 0 } errors)
                {
                    return TypedResults.ValidationProblem(errors);
                }
                // Act only once the answer has left: the caller learns the fault was accepted.
                context.Response.OnCompleted(() =>
                {
                    _ = Task.Run(async () =>
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(50));
                        afterAnswer(request);
                    });
                    return Task.CompletedTask;
                });
                return TypedResults.Accepted((string?)null, answer(request));
            });
        }
    }
}

/// <summary>Answer of <c>GET /chaos</c>.</summary>
public sealed record ChaosView(bool Enabled, IReadOnlyList<ActiveFaultView> Active)
{
    public static ChaosView Of(ChaosFaults faults, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(faults);
        return new(true, [.. faults.Snapshot().Select(f => ActiveFaultView.Of(f, time))]);
    }
}

/// <summary>A fault in force, as shown to operators.</summary>
public sealed record ActiveFaultView(string Fault, object Settings, DateTimeOffset StartedAt, DateTimeOffset EndsAt, double RemainingSeconds)
{
    public static ActiveFaultView Of(ActiveFault fault, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentNullException.ThrowIfNull(time);
        return new(fault.Fault.Name, fault.Settings, fault.StartedAt, fault.EndsAt,
            Math.Max(0, (fault.EndsAt - time.GetUtcNow()).TotalSeconds));
    }
}
