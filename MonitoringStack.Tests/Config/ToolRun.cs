using System.Diagnostics;

namespace MonitoringStack.Tests.Config;

/// <summary>Runs a command-line tool (promtool, amtool, nginx) to completion with a timeout.</summary>
public sealed record ToolResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"{Command} exited {ExitCode}:\n{Output}";
}

public static class ToolRun
{
    public static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        var command = $"{fileName} {string.Join(' ', info.ArgumentList)}";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {timeout ?? TimeSpan.FromSeconds(60)}");
        }
        return new ToolResult(command, process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>Runs and asserts exit code 0, showing the tool's output when it is not.</summary>
    public static async Task<ToolResult> SucceedsAsync(string fileName, params string[] arguments)
    {
        var result = await RunAsync(fileName, arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
