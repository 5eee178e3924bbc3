using System.Net.Http.Json;

namespace MonitoringStack.Tests.Infrastructure;

/// <summary>
/// Background traffic straight to API replicas, round robin, until disposed: orders (2xx), unknown paths
/// (404 without a route), invalid orders (400) and catalogue pages, so every series a dashboard or rule
/// reads exists. <see cref="ShedBurstAsync"/> adds more concurrent orders than one replica holds (503s).
/// </summary>
public sealed class MixedTraffic : IAsyncDisposable
{
    private static readonly string[] Categories = ["books", "garden", "toys"];
    private readonly HttpClient _http;
    private readonly IReadOnlyList<Uri> _replicas;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _sent;

    private MixedTraffic(HttpClient http, IReadOnlyList<Uri> replicas)
    {
        _http = http;
        _replicas = replicas;
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    public int RequestsSent => Volatile.Read(ref _sent);

    /// <param name="replicas">Base URLs of the replicas (http://127.0.0.1:port).</param>
    public static MixedTraffic Start(HttpClient http, IReadOnlyList<Uri> replicas) => new(http, replicas);

    /// <summary>More concurrent orders than the replica's capacity + queue: some are shed with 503.</summary>
    public async Task ShedBurstAsync(Uri replica)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => SendOrderAsync(replica, CancellationToken.None)));
        Assert.Contains(503, answers);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped while a request was in flight.
        }
        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var replica = _replicas[i % _replicas.Count];
            try
            {
                _ = (i % 10) switch
                {
                    7 => (int)(await _http.GetAsync(new Uri(replica, $"/no-such-path-{i % 3}"), stop)).StatusCode,
                    8 => (int)(await _http.PostAsJsonAsync(new Uri(replica, "/process"), new { category = "no-such-category", quantity = 0 }, stop)).StatusCode,
                    9 => (int)(await _http.GetAsync(new Uri(replica, "/data?page=1"), stop)).StatusCode,
                    _ => await SendOrderAsync(replica, stop),
                };
                Interlocked.Increment(ref _sent);
                await Task.Delay(25, stop);
            }
            catch (HttpRequestException)
            {
                // A replica under a fault may refuse; the traffic goes on.
            }
        }
    }

    private async Task<int> SendOrderAsync(Uri replica, CancellationToken stop)
    {
        var order = new { category = Categories[Random.Shared.Next(Categories.Length)], quantity = Random.Shared.Next(1, 5), unitPrice = 9.99m + Random.Shared.Next(0, 200) };
        using var response = await _http.PostAsJsonAsync(new Uri(replica, "/process"), order, stop);
        return (int)response.StatusCode;
    }
}
