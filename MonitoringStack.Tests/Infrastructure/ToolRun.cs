namespace MonitoringStack.Tests.Infrastructure;

/// <summary>What a command-line tool run to completion left: its exit code and output.</summary>
public sealed record ToolResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"{Command} exited {ExitCode}:\n{Output}";
}

/// <summary>Runs a command-line tool (promtool, amtool, nginx -t, the AppHost as a publisher) to completion with a timeout.</summary>
public static class ToolRun
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <returns>The result; <see cref="ToolResult.Output"/> is standard output followed by standard error, so a tool's answer comes first.</returns>
    public static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        TimeSpan? timeout = null, string? standardInput = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var argumentList = arguments.ToArray();
        var command = $"{fileName} {string.Join(' ', argumentList)}";
        await using var process = ManagedProcess.Start(command, fileName, argumentList, environment, workingDirectory, standardInput);
        var exitCode = await process.WaitForExitAsync(timeout ?? DefaultTimeout);
        return new ToolResult(command, exitCode, process.StandardOutput + process.StandardError);
    }

    /// <summary>Runs and asserts exit code 0, showing the tool's output when it is not.</summary>
    public static async Task<ToolResult> SucceedsAsync(string fileName, params string[] arguments)
    {
        var result = await RunAsync(fileName, arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
