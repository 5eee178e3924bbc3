namespace MonitoringStack.Tests.Deploy;

/// <summary>
/// A fact that is skipped, with the reason in the test output, when a command-line tool is not on PATH
/// (kubectl is in our image; docker-compose comes from scripts/install-prerequisites.sh).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresToolFactAttribute : FactAttribute
{
    public RequiresToolFactAttribute(string tool, string howToGetIt)
    {
        if (DeployTools.Find(tool) is null)
        {
            Skip = $"{tool} is not on PATH ({howToGetIt}): this offline validation cannot run here";
        }
    }
}

/// <summary>The deployment validators' tools, found the one way the AppHost and the other tests find host programs.</summary>
public static class DeployTools
{
    public static string? Find(string tool) => MonitoringStack.Hosting.HostProgram.FindOnPath([tool]);
}
