using System.Net.Http.Json;
using System.Text.Json;
using MonitoringStack.Lab.Stack;
using MonitoringStack.Topology;

namespace MonitoringStack.Lab.Experiments;

/// <summary>Brings the stack to the replica count an experiment needs and waits until Prometheus sees them all.</summary>
public static class StackReadiness
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task EnsureReplicasAsync(LocalStack stack, HttpClient http, int replicas, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(http);
        if (stack.Topology.Replicas != replicas)
        {
            log($"scaling {stack.Topology.Replicas} → {replicas} replicas");
            await stack.ScaleAsync(replicas, cancellationToken);
        }
        var query = Uri.EscapeDataString($"count(up{{job=\"{StackTopology.ApiJob}\"}} == 1)");
        var deadline = DateTimeOffset.UtcNow + Timeout;
        while (true)
        {
            var up = await CountAsync(http, $"{stack.PrometheusUrl}/api/v1/query?query={query}", cancellationToken);
            var total = await CountAsync(http, $"{stack.PrometheusUrl}/api/v1/query?query={Uri.EscapeDataString($"count(up{{job=\"{StackTopology.ApiJob}\"}})")}", cancellationToken);
            if (up == replicas && total == replicas)
            {
                return;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new LabException($"Prometheus sees {up} of {replicas} API replicas up ({total} targets) after {Timeout.TotalSeconds:0} s");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    private static async Task<int> CountAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        try
        {
            var body = await http.GetFromJsonAsync<JsonElement>(new Uri(url), cancellationToken);
            var result = body.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 0 ? 0 : (int)double.Parse(result[0].GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return -1;
        }
    }
}
