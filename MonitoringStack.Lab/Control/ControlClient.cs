using System.Net.Http.Json;
using MonitoringStack.Lab.Stack;

namespace MonitoringStack.Lab.Control;

/// <summary>Talks to the control API of a running <c>up</c> (the commands status, scale, fault, down).</summary>
public sealed class ControlClient(int port) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        // Scaling waits for new replicas to become ready.
        Timeout = TimeSpan.FromMinutes(3),
    };

    public async Task<StackStatus> StatusAsync(CancellationToken cancellationToken) =>
        await Read<StackStatus>(await Send(() => _http.GetAsync("/status", cancellationToken)), cancellationToken);

    public async Task<StackStatus> ScaleAsync(int replicas, CancellationToken cancellationToken) =>
        await Read<StackStatus>(await Send(() => _http.PostAsync($"/scale/{replicas}", null, cancellationToken)), cancellationToken);

    public async Task<Faults.FaultRecord> FaultAsync(string kind, string target, CancellationToken cancellationToken) =>
        await Read<Faults.FaultRecord>(await Send(() => _http.PostAsync($"/faults/{kind}/{target}", null, cancellationToken)), cancellationToken);

    public async Task DownAsync(CancellationToken cancellationToken) =>
        (await Send(() => _http.PostAsync("/down", null, cancellationToken))).Dispose();

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> Send(Func<Task<HttpResponseMessage>> request)
    {
        try
        {
            return await request();
        }
        catch (HttpRequestException ex)
        {
            throw new LabException($"no Lab answers on {_http.BaseAddress} ({ex.Message}); is 'up' running?", ex);
        }
    }

    private static async Task<T> Read<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var error = await response.Content.ReadFromJsonAsync<ControlError>(LabJson.Lines, cancellationToken);
                throw new LabException(error?.Error ?? $"control API answered {(int)response.StatusCode}");
            }
            return await response.Content.ReadFromJsonAsync<T>(LabJson.Lines, cancellationToken)
                ?? throw new LabException("control API sent an empty answer");
        }
    }
}
