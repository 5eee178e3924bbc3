using YamlDotNet.RepresentationModel;

namespace MonitoringStack.Deploy.ChaosMesh;

/// <summary>One method step of an experiment as a Chaos Mesh object, or why it has none.</summary>
internal sealed record ChaosStep(double At, string Action, string? Kind, YamlMappingNode? Spec, string Note)
{
    public bool HasManifest => Kind is not null && Spec is not null;
}
