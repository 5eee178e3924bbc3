using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using MonitoringStack.Tests.Infrastructure;

namespace MonitoringStack.Tests.Api;

/// <summary>
/// The real API as a child process (<c>dotnet MonitoringStack.Api.dll</c>) on a free loopback port,
/// configured through environment variables, its console output captured. Disposing kills it
/// (whole process tree), so a failing test never leaves a process behind.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    public const string ChaosToken = "test-chaos-token";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ApiProcess(Process process, int port, string instanceId)
    {
        _process = process;
        Port = port;
        InstanceId = instanceId;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public string InstanceId { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client for this instance (30 s timeout; tests that expect silence use their own).</summary>
    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Lines the process wrote to stdout and stderr so far.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>Settings for an instance with the chaos switches on (token <see cref="ChaosToken"/>).</summary>
    public static Dictionary<string, string> ChaosEnabled() => new()
    {
        ["Chaos:Enabled"] = "true",
        ["Chaos:Token"] = ChaosToken,
    };

    /// <summary>Starts an instance with <paramref name="settings"/> (configuration keys, e.g. <c>Work:MaxConcurrency</c>) and waits until it is live.</summary>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePorts.Next();
        var instanceId = $"test-api-{port}";
        var directory = ApiBuildOutput.Directory;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(directory, "MonitoringStack.Api.dll"));
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Service__InstanceId"] = instanceId;
        // An OTLP endpoint inherited from the test runner's environment would make the API export to it.
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var api = new ApiProcess(process, port, instanceId);
        process.OutputDataReceived += (_, e) => api.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => api.Capture(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await api.WaitUntilLiveAsync();
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
        return api;
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private async Task WaitUntilLiveAsync()
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"the API exited with code {_process.ExitCode} before it was live:\n{string.Join('\n', _output)}");
            }
            try
            {
                using var response = await probe.GetAsync(new Uri("/alive", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow start on a busy machine.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the API was not live within {StartTimeout.TotalSeconds} s:\n{string.Join('\n', _output)}");
    }

    /// <summary>Waits for the process to exit on its own; false if it did not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A chaos request with the right token.</summary>
    public async Task<HttpResponseMessage> ChaosAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Chaos-Token", ChaosToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await Client.SendAsync(request);
    }

    /// <summary>POSTs a chaos switch and fails the test unless it was accepted.</summary>
    public async Task ActivateAsync(string path, object? body = null)
    {
        using var response = await ChaosAsync(HttpMethod.Post, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
    }

    public async Task<MetricsSnapshot> ScrapeAsync() =>
        MetricsSnapshot.Parse(await Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        _process.Dispose();
    }
}
