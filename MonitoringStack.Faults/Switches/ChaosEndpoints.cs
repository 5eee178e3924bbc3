using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MonitoringStack.Faults.Switches;

/// <summary>
/// The <c>/chaos</c> fault switches: <c>GET /chaos</c>, one POST route per fault of <see cref="FaultCatalogue"/>
/// and <c>POST /chaos/reset</c>. Mapped only when <c>Chaos:Enabled=true</c>; every route needs the
/// <c>X-Chaos-Token</c> header (<see cref="ChaosGuardMiddleware"/>). Bodies are checked by their records'
/// attributes (the catalogue's own check, which the dashboard and the experiments use too): durations are
/// bounded, so every fault ends by itself.
/// </summary>
/// <remarks>
/// The routes are request delegates that read their body with the record's generated JSON contract, not
/// handlers bound by minimal APIs: one generic route per fault is what the catalogue gives, and neither
/// minimal APIs' reflection (not in a Native AOT binary) nor their source generator (no generic handlers) binds it.
/// </remarks>
internal static class ChaosEndpoints
{
    public static IEndpointRouteBuilder MapChaosEndpoints(IEndpointRouteBuilder app)
    {
        var chaos = app.MapGroup(FaultSwitch.RoutePrefix).WithMetadata(new ChaosEndpointMetadata());

        chaos.MapGet("/", context => TypedResults.Ok(ChaosView.Of(Faults(context), Time(context))).ExecuteAsync(context));

        var routes = new FaultRoutes(chaos);
        foreach (var fault in FaultCatalogue.Faults)
        {
            fault.Accept(routes);
        }

        chaos.MapPost("/" + FaultCatalogue.Reset.Name, context => TypedResults.Ok(new ResetAnswer(Faults(context).Reset())).ExecuteAsync(context));
        return app;
    }

    private static ChaosFaults Faults(HttpContext context) => context.RequestServices.GetRequiredService<ChaosFaults>();

    private static TimeProvider Time(HttpContext context) => context.RequestServices.GetRequiredService<TimeProvider>();

    /// <summary>One route per fault: the body is read as the fault's own record.</summary>
    private sealed class FaultRoutes(RouteGroupBuilder chaos) : ISwitchFaultVisitor
    {
        public void Visit<[DynamicallyAccessedMembers(FaultParameter.RecordMembers)] T>(SwitchFault<T> fault) where T : class
        {
            if (fault.IsLasting)
            {
                var hold = fault.Hold;
                chaos.MapPost("/" + fault.Name, async context =>
                {
                    var (request, refused) = await ReadAsync(context, fault.JsonType, required: true);
                    var answer = refused ?? Activate(context, fault, request!, hold);
                    await answer.ExecuteAsync(context);
                });
                return;
            }

            var afterAnswer = fault.AfterAnswer ?? throw new InvalidOperationException($"the instant fault {fault.Name} has no action");
            var answer = fault.Answer ?? throw new InvalidOperationException($"the instant fault {fault.Name} has no answer");
            // The body may be left out: an instant fault's parameters all have defaults (crash: exit code 1).
            chaos.MapPost("/" + fault.Name, async context =>
            {
                var (request, refused) = await ReadAsync(context, fault.JsonType, required: false);
                request ??= (T)fault.Read(new Dictionary<string, string?>()).Value;
                if ((refused ?? Refusal(fault, request)) is { } problem)
                {
                    await problem.ExecuteAsync(context);
                    return;
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
                await TypedResults.Accepted((string?)null, answer(request)).ExecuteAsync(context);
            });
        }

        private static IResult Activate<T>(HttpContext context, SwitchFault<T> fault, T request, Func<T, CancellationToken, IDisposable?>? hold)
            where T : class
        {
            if (Refusal(fault, request) is { } problem)
            {
                return problem;
            }
            var duration = new FaultRequest(fault, request).Duration!.Value;
            var active = Faults(context).Activate(fault, request, duration, hold is null ? null : ended => hold(request, ended));
            return TypedResults.Ok(ActiveFaultView.Of(active, Time(context)));
        }

        private static ValidationProblem? Refusal(SwitchFault fault, object request) =>
            FaultParameter.Check(fault, request) is { Count: > 0 } errors ? TypedResults.ValidationProblem(errors) : null;
    }

    /// <summary>
    /// The body as the fault's record, or the answer that refuses it: 415 when it is not JSON, 400 naming the
    /// field when it does not read (<c>"threads":"many"</c>), 400 when a required body is missing.
    /// </summary>
    private static async Task<(T? Request, IResult? Refused)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> json, bool required) where T : class
    {
        var request = context.Request;
        var missing = required
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"a JSON body is required ({typeof(T).Name})"] })
            : null;
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.HasJsonContentType()))
        {
            return (null, missing);
        }
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: $"{FaultSwitch.RoutePrefix} takes application/json, got '{request.ContentType}'"));
        }
        try
        {
            var body = await request.ReadFromJsonAsync(json, context.RequestAborted);
            return body is null ? (null, missing) : (body, null);
        }
        catch (JsonException bad)
        {
            var field = bad.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
            return (null, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [bad.Message] }));
        }
    }
}
