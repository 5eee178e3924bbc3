using System.Net;
using System.Net.Http.Json;

namespace MonitoringStack.Tests.Api;

/// <summary>One API instance at default settings, chaos switches off, shared by a collection.</summary>
public sealed class DefaultApiFixture : IAsyncLifetime
{
    public ApiProcess Api { get; private set; } = null!;

    public async Task InitializeAsync() => Api = await ApiProcess.StartAsync();

    public async Task DisposeAsync() => await Api.DisposeAsync();
}

/// <summary>
/// One API instance with the chaos switches on and a deliberately tiny capacity (2 in flight, 2
/// queued for 100 ms, 400 ms of I/O per order) so shedding is easy to provoke.
/// </summary>
public sealed class ChaosApiFixture : IAsyncLifetime
{
    public const int MaxConcurrency = 2;
    public const int MemoryLimitMegabytes = 768;

    public ApiProcess Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = ApiProcess.ChaosEnabled();
        settings["Work:MaxConcurrency"] = MaxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Work:QueueLimit"] = "2";
        settings["Work:QueueTimeoutMs"] = "100";
        settings["Work:IoWaitMs"] = "400";
        settings["Work:CpuCostMs"] = "1";
        settings["Resources:MemoryLimitMegabytes"] = MemoryLimitMegabytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Api = await ApiProcess.StartAsync(settings);
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();

    private readonly Lock _exerciseLock = new();
    private Task? _exercised;

    /// <summary>
    /// Traffic that makes every contracted series appear, once per instance: an order, an injected
    /// error, shed work, and a full garbage collection (the memory fault's release forces one).
    /// </summary>
    public Task ExerciseEverySeriesOnceAsync()
    {
        lock (_exerciseLock)
        {
            return _exercised ??= ExerciseAsync();
        }
    }

    private async Task ExerciseAsync()
    {
        await Api.ActivateAsync("/chaos/reset");
        using (var order = await Api.Client.PostAsJsonAsync(new Uri("/process", UriKind.Relative),
            new { category = "books", quantity = 2, unitPrice = 10m }))
        {
            order.EnsureSuccessStatusCode();
        }
        await Api.ActivateAsync("/chaos/errors", new { rate = 1.0, status = 500, durationSeconds = 30 });
        using (var failed = await Api.Client.GetAsync(new Uri("/data/3", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }
        await Api.ActivateAsync("/chaos/memory", new { megabytes = 1, durationSeconds = 30 });
        await Api.ActivateAsync("/chaos/reset");
        var burst = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Api.Client.PostAsJsonAsync(
            new Uri("/process", UriKind.Relative), new { category = "home", quantity = 1, unitPrice = 1m })));
        Assert.Contains(burst, r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        foreach (var response in burst)
        {
            response.Dispose();
        }
        // Past the exporter's scrape cache, so the next scrape shows all of it.
        await Task.Delay(400);
    }
}

[CollectionDefinition(Name)]
public sealed class DefaultApiGroup : ICollectionFixture<DefaultApiFixture>
{
    public const string Name = "api-default";
}

/// <summary>Tests that switch faults on share one instance, so they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ChaosApiGroup : ICollectionFixture<ChaosApiFixture>
{
    public const string Name = "api-chaos";
}
