using System.ComponentModel;
using System.Diagnostics;

namespace MonitoringStack.AppHost;

/// <summary>Where the infrastructure runs, and why: shown at startup and on the dashboard's stack resource.</summary>
public sealed record InfrastructureChoice(InfrastructureKind Kind, string Reason)
{
    private static readonly TimeSpan ProbeLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>Stack:InfrastructureAs</c> when set; otherwise containers when <c>docker info</c> or
    /// <c>podman info</c> answers within 5 s, host executables when neither does. Publishing always
    /// describes containers (that is what azd deploys).
    /// </summary>
    public static InfrastructureChoice Decide(string? configured, bool isPublishMode, Func<string, bool>? runtimeAnswers = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!TryParse(configured, out var kind))
            {
                throw new StackInputException(
                    $"{StackSettings.InfrastructureKey} must be one of {string.Join(", ", Enum.GetNames<InfrastructureKind>()).ToLowerInvariant()}, got '{configured}'");
            }
            return new(kind, $"{StackSettings.InfrastructureKey}={configured}");
        }
        if (isPublishMode)
        {
            return new(InfrastructureKind.Containers, "publishing describes containers");
        }
        runtimeAnswers ??= Answers;
        foreach (var runtime in new[] { "docker", "podman" })
        {
            if (runtimeAnswers(runtime))
            {
                return new(InfrastructureKind.Containers, $"'{runtime} info' answered: a container runtime is available");
            }
        }
        return new(InfrastructureKind.Executables, "no container runtime answered 'docker info' or 'podman info': host executables from PATH");
    }

    /// <summary>A kind by its name, in any case (not by its number).</summary>
    public static bool TryParse(string value, out InfrastructureKind kind) =>
        Enum.TryParse(value, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !int.TryParse(value, out _);

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
