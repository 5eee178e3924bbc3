using System.Net.Http.Json;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Lab.Stack;

namespace MonitoringStack.Lab.Experiments;

/// <summary>Carries out one experiment action against a running local stack.</summary>
public sealed class FaultActionExecutor(LocalStack stack, HttpClient http)
{
    public async Task<string> ExecuteAsync(FaultAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        switch (action.Action)
        {
            case "kill":
                return stack.Faults.Kill(Target(action), action.KeepDownSeconds is { } down ? TimeSpan.FromSeconds(down) : null).Detail;
            case "pause":
                return stack.Faults.Pause(Target(action)).Detail;
            case "resume":
                return stack.Faults.Resume(Target(action)).Detail;
            case "partition":
                return stack.Faults.Partition(Target(action)).Detail;
            case "heal":
                return stack.Faults.Heal(Target(action)).Detail;
            case "restart-prometheus":
                return await stack.RestartAsync("prometheus", cancellationToken) ? "prometheus restarted" : "prometheus did not come back";
            case "restart-alertmanager":
                return await stack.RestartAsync("alertmanager", cancellationToken) ? "alertmanager restarted" : "alertmanager did not come back";
            case "chaos":
                return await ChaosAsync(Target(action), action.Fault!, action.Body, cancellationToken);
            case "chaos-reset":
                return await ChaosAsync(Target(action), "reset", new Dictionary<string, object>(), cancellationToken);
            default:
                throw new LabException($"unknown experiment action '{action.Action}'");
        }
    }

    private static string Target(FaultAction action) =>
        action.Target ?? throw new LabException($"action '{action.Action}' needs a target");

    private async Task<string> ChaosAsync(string replica, string fault, IReadOnlyDictionary<string, object> body, CancellationToken cancellationToken)
    {
        var port = stack.Topology.ApiReplicas.FirstOrDefault(r => r.Name == replica)?.Port
            ?? throw new LabException($"no replica named {replica}");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{port}/chaos/{fault}"))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Add("X-Chaos-Token", stack.ChaosToken);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return $"POST /chaos/{fault} on {replica}: {(int)response.StatusCode}";
        }
        catch (HttpRequestException) when (fault == "crash")
        {
            // The process may die before the answer is read: that is the fault working.
            return $"POST /chaos/crash on {replica}: connection closed (process exited)";
        }
    }
}
