namespace MonitoringStack.Tests.LoadGen;

internal static class HttpWait
{
    /// <summary>Polls <paramref name="url"/> until it answers 2xx; bounded by <paramref name="timeout"/>.</summary>
    public static async Task UntilReadyAsync(HttpClient client, string url, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync(url);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{url} not ready within {timeout}. {diagnostics?.Invoke()}");
    }
}
