namespace MonitoringStack.Tests.Api;

/// <summary><c>promtool check metrics</c>: the exposition lint Prometheus itself ships.</summary>
public static class Promtool
{
    /// <summary>Pipes <paramref name="exposition"/> into <c>promtool check metrics</c>; returns exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var result = await ToolRun.RunAsync(HostTools.Promtool, ["check", "metrics"], timeout: TimeSpan.FromSeconds(30), standardInput: exposition);
        return (result.ExitCode, result.Output);
    }
}
