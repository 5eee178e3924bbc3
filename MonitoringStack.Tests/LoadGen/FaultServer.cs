using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MonitoringStack.Tests.Infrastructure;

namespace MonitoringStack.Tests.LoadGen;

/// <summary>
/// A tiny Kestrel server on a free loopback port with faults under precise control: <c>/ok</c>,
/// <c>/fail</c> (500), <c>/slow</c> (answers after 3 s), <c>/serial</c> (one request at a time, 50 ms each).
/// It counts what it receives, so tests check the generator against the server's view.
/// </summary>
public sealed class FaultServer : IAsyncLifetime, IDisposable
{
    public static readonly TimeSpan SerialServiceTime = TimeSpan.FromMilliseconds(50);
    private readonly SemaphoreSlim _serial = new(1, 1);
    private WebApplication? _app;
    private long _received;
    private int _serialConcurrent, _serialMaxConcurrent;
    private long _serialServed, _serialHeldTicks;

    public int Port { get; } = FreePorts.Next();
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public long Received => Interlocked.Read(ref _received);
    public int SerialMaxConcurrent => Volatile.Read(ref _serialMaxConcurrent);

    /// <summary>How long <c>/serial</c> really held its one slot per request: 50 ms asked, more on a busy machine.</summary>
    public TimeSpan SerialMeanServiceTime =>
        TimeSpan.FromTicks(Interlocked.Read(ref _serialHeldTicks) / Math.Max(1, Interlocked.Read(ref _serialServed)));

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(BaseAddress.ToString().TrimEnd('/'));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _received);
            await next(context);
        });
        _app.MapGet("/ok", () => "ok");
        _app.MapGet("/fail", () => Results.StatusCode(500));
        _app.MapGet("/slow", async (CancellationToken aborted) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3), aborted);
            return "late";
        });
        _app.MapGet("/serial", async () =>
        {
            await _serial.WaitAsync();
            var held = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var now = Interlocked.Increment(ref _serialConcurrent);
                InterlockedMax(ref _serialMaxConcurrent, now);
                await Task.Delay(SerialServiceTime);
                return "done";
            }
            finally
            {
                Interlocked.Decrement(ref _serialConcurrent);
                Interlocked.Add(ref _serialHeldTicks, held.Elapsed.Ticks);
                Interlocked.Increment(ref _serialServed);
                _serial.Release();
            }
        });
        await _app.StartAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            await _app.DisposeAsync();
        }
    }

    public void Dispose() => _serial.Dispose();
}
