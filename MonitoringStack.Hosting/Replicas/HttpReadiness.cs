namespace MonitoringStack.Hosting;

/// <summary>
/// Polls an HTTP endpoint of a starting process (a replica's /health, Prometheus' /-/ready) until it
/// answers 2xx: the one readiness wait of the AppHost (scaling, restart journal, experiment restarts).
/// </summary>
public static class HttpReadiness
{
    /// <summary>When <paramref name="url"/> first answered 2xx, or null when it did not within <paramref name="limit"/>.</summary>
    public static async Task<DateTimeOffset?> WaitAsync(IHttpClientFactory httpClients, Uri url, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpClients);
        using var client = httpClients.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(2);
        var deadline = DateTimeOffset.UtcNow + limit;
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return DateTimeOffset.UtcNow;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but slow to answer while starting.
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }
}
