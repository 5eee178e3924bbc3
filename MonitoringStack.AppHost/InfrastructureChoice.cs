using MonitoringStack.Hosting;

namespace MonitoringStack.AppHost;

/// <summary>Where the infrastructure runs, and why: shown at startup and on the dashboard's stack resource, and handed to the hosting package.</summary>
public sealed record InfrastructureChoice(MonitoringRuntime Kind, string Reason)
{
    /// <summary>
    /// <c>Stack:InfrastructureAs</c> (containers | executables) when set; otherwise containers when
    /// <c>docker info</c> or <c>podman info</c> answers within 5 s, host executables when neither does.
    /// Publishing always describes containers (that is what azd deploys).
    /// </summary>
    public static InfrastructureChoice Decide(string? configured, bool isPublishMode, Func<string, bool>? runtimeAnswers = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (!TryParse(configured, out var kind))
            {
                throw new StackInputException($"{StackSettings.InfrastructureKey} must be containers or executables, got '{configured}'");
            }
            return new(kind, $"{StackSettings.InfrastructureKey}={configured}");
        }
        if (isPublishMode)
        {
            return new(MonitoringRuntime.Container, "publishing describes containers");
        }
        return RuntimeProbe.FirstAnswering(runtimeAnswers) is { } runtime
            ? new(MonitoringRuntime.Container, $"'{runtime} info' answered: a container runtime is available")
            : new(MonitoringRuntime.Executable, "no container runtime answered 'docker info' or 'podman info': host executables from PATH");
    }

    /// <summary>containers or executables (or container, executable), in any case.</summary>
    public static bool TryParse(string value, out MonitoringRuntime kind) => MonitoringOptions.TryParseRuntime(value, out kind);

    /// <summary>The setting's word for the kind: containers or executables.</summary>
    public string Name => Kind == MonitoringRuntime.Container ? "containers" : "executables";
}
