using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MonitoringStack.Lab.Faults;
using MonitoringStack.Lab.Stack;

namespace MonitoringStack.Lab.Control;

/// <summary>
/// The small HTTP API the running <c>up</c> serves on 127.0.0.1:labControl, so <c>status</c>,
/// <c>scale</c>, <c>fault</c> and <c>down</c> work from another terminal (see <see cref="ControlClient"/>).
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ControlServer(WebApplication app) => _app = app;

    public static async Task<ControlServer> StartAsync(LocalStack stack, int port, CancellationToken cancellationToken)
    {
        var builder = LoopbackWebApp.CreateBuilder(port);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            foreach (var converter in LabJson.Lines.Converters)
            {
                json.SerializerOptions.Converters.Add(converter);
            }
        });
        var app = builder.Build();

        app.MapGet("/status", () => Results.Ok(stack.GetStatus()));
        app.MapGet("/restarts", () => Results.Ok(stack.Restarts.Records));
        app.MapGet("/faults", () => Results.Ok(stack.Faults.History));
        app.MapPost("/scale/{replicas:int}", (int replicas, CancellationToken ct) =>
            Guard(async () => Results.Ok(await ScaleAsync(stack, replicas, ct))));
        app.MapPost("/faults/{kind}/{target}", (string kind, string target) =>
            Guard(() => Task.FromResult(Results.Ok(stack.Faults.Apply(ParseKind(kind), target)))));
        app.MapPost("/restart/{target}", (string target, CancellationToken ct) =>
            Guard(async () => Results.Ok(new { target, ready = await stack.RestartAsync(target, ct) })));
        app.MapPost("/down", () =>
        {
            stack.RequestShutdown();
            return Results.Accepted();
        });

        await app.StartAsync(cancellationToken);
        return new ControlServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private static async Task<StackStatus> ScaleAsync(LocalStack stack, int replicas, CancellationToken cancellationToken)
    {
        await stack.ScaleAsync(replicas, cancellationToken);
        return stack.GetStatus();
    }

    public static FaultKind ParseKind(string kind) =>
        Enum.TryParse<FaultKind>(kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new LabException($"unknown fault '{kind}'; use one of: {string.Join(", ", Enum.GetNames<FaultKind>().Select(n => n.ToLowerInvariant()))}");

    /// <summary>User errors become 400/501 with a message the CLI prints as is.</summary>
    private static async Task<IResult> Guard(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (LabException ex)
        {
            return Results.BadRequest(new ControlError(ex.Message));
        }
        catch (MonitoringStack.Topology.TopologyException ex)
        {
            return Results.BadRequest(new ControlError(ex.Message));
        }
        catch (FaultNotSupportedException ex)
        {
            return Results.Json(new ControlError(ex.Message), statusCode: StatusCodes.Status501NotImplemented);
        }
    }
}

public sealed record ControlError(string Error);
