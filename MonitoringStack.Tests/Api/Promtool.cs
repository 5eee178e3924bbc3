using System.Diagnostics;

namespace MonitoringStack.Tests.Api;

/// <summary><c>promtool check metrics</c>: the exposition lint Prometheus itself ships.</summary>
public static class Promtool
{
    private static readonly string[] Candidates = ["/usr/bin/promtool", "/usr/local/bin/promtool"];

    public static string Path =>
        Candidates.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            "promtool is missing: install the Debian package 'prometheus' (scripts/install-prerequisites.sh does) — " +
            "the exposition check cannot run without it.");

    /// <summary>Pipes <paramref name="exposition"/> into <c>promtool check metrics</c>; returns exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("check");
        start.ArgumentList.Add("metrics");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException("promtool check metrics did not finish within 30 s");
        }
        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
