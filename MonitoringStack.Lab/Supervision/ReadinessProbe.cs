namespace MonitoringStack.Lab.Supervision;

/// <summary>
/// "Is it ready": an HTTP GET that must answer 2xx. Every component of the stack has such an
/// endpoint (API /health, Prometheus and Alertmanager /-/ready, nginx stub_status, exporters /metrics).
/// </summary>
public sealed record ReadinessProbe(Uri Url)
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        // Probes must never reuse a connection to a process that was just killed and restarted.
        PooledConnectionLifetime = TimeSpan.Zero,
        UseProxy = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(90);

    public static ReadinessProbe Http(string url) => new(new Uri(url));

    /// <summary>One probe: true on a 2xx answer, false on anything else (refused, timeout, 5xx).</summary>
    public async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Client.GetAsync(Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Probes until ready; false when <see cref="Timeout"/> passes first.</summary>
    public async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            while (true)
            {
                if (await CheckAsync(timeout.Token))
                {
                    return true;
                }
                await Task.Delay(Interval, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
