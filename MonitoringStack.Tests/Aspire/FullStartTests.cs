using System.Diagnostics;
using System.Reflection;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace MonitoringStack.Tests.Aspire;

/// <summary>
/// Starts the whole stack under DCP in containers mode and checks traffic flows end to end. Skipped, with
/// the reason in the test output, where no container runtime (Docker/Podman daemon) answers; the same
/// checks in executables mode run everywhere (<see cref="StackEndToEndTests"/>).
/// </summary>
public sealed class FullStartTests : IDisposable
{
    private readonly AppHostWorkspace _workspace = new(replicas: 2);

    public void Dispose() => _workspace.Dispose();

    [RequiresAspireRuntimeFact]
    public async Task Stack_starts_and_nginx_balances_healthy_replicas_while_prometheus_scrapes_them()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var builder = await _workspace.CreateBuilderAsync(AppHostWorkspace.ContainersMode);
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);

        foreach (var replica in _workspace.Topology.ApiReplicas)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(replica.Name, timeout.Token);
        }
        await app.ResourceNotifications.WaitForResourceHealthyAsync("nginx", timeout.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("prometheus", timeout.Token);

        using var nginx = app.CreateHttpClient("nginx", "http");
        using var response = await nginx.GetAsync(new Uri("/", UriKind.Relative), timeout.Token);
        Assert.True(response.IsSuccessStatusCode, $"nginx / answered {(int)response.StatusCode}");

        using var prometheus = app.CreateHttpClient("prometheus", "http");
        var up = string.Empty;
        while (!timeout.IsCancellationRequested)
        {
            up = await prometheus.GetStringAsync(new Uri("/api/v1/query?query=up%7Bjob%3D%22api%22%7D%3D%3D1", UriKind.Relative), timeout.Token);
            if (_workspace.Topology.ApiReplicas.All(r => up.Contains($"\"{r.Name}\"", StringComparison.Ordinal)))
            {
                break;
            }
            await Task.Delay(TimeSpan.FromSeconds(2), timeout.Token);
        }
        Assert.All(_workspace.Topology.ApiReplicas, r => Assert.Contains($"\"{r.Name}\"", up, StringComparison.Ordinal));
    }
}

/// <summary>A fact that is skipped (reason printed) unless DCP and a container runtime are present.</summary>
public sealed class RequiresAspireRuntimeFactAttribute : FactAttribute
{
    public RequiresAspireRuntimeFactAttribute()
    {
        var missing = AspireRuntime.WhatIsMissing();
        if (missing is not null)
        {
            Skip = missing;
        }
    }
}

internal static class AspireRuntime
{
    /// <summary>Null when a full start can work here, else the reason it cannot.</summary>
    public static string? WhatIsMissing()
    {
        // The AppHost build records where DCP is (from the Aspire.Hosting.Orchestration package).
        var dcp = typeof(Projects.MonitoringStack_AppHost).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "dcpclipath")?.Value;
        if (string.IsNullOrEmpty(dcp) || !File.Exists(dcp))
        {
            return $"DCP (Aspire's orchestrator) not found at '{dcp ?? "<no dcpclipath metadata>"}': restore Aspire packages from nuget.org";
        }
        foreach (var runtime in new[] { "docker", "podman" })
        {
            if (Succeeds(runtime, "info"))
            {
                return null;
            }
        }
        return "no container runtime: neither 'docker info' nor 'podman info' succeeds (is the daemon running?)";
    }

    private static bool Succeeds(string command, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }
            if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
