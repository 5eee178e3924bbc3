using System.ComponentModel;
using System.Diagnostics;

namespace MonitoringStack.Hosting;

/// <summary>
/// Whether a container runtime can run containers here: <c>docker info</c> or <c>podman info</c> exiting 0
/// within 5 s. (A runtime whose CLI is installed but whose daemon is down answers non-zero.)
/// </summary>
public static class RuntimeProbe
{
    private static readonly TimeSpan ProbeLimit = TimeSpan.FromSeconds(5);
    private static readonly string[] Runtimes = ["docker", "podman"];

    /// <summary>The runtime that answered, or null when none did.</summary>
    public static string? FirstAnswering(Func<string, bool>? answers = null)
    {
        answers ??= Answers;
        return Runtimes.FirstOrDefault(answers);
    }

    /// <summary>True when <c>&lt;runtime&gt; info</c> exits 0 within the probe limit.</summary>
    public static bool Answers(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ProbeLimit))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            // Not installed.
            return false;
        }
    }
}
