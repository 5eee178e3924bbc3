using k8s;
using MonitoringStack.Tests.Deploy.Crd;

namespace MonitoringStack.Tests.Deploy;

/// <summary>
/// Every object every overlay renders deserialises into KubernetesClient's typed model of its
/// apiVersion/kind (custom resources: the documented fields in <see cref="CustomResourceTypes"/>) with
/// unknown fields as errors: a misspelt or misplaced field fails here, not on a cluster.
/// </summary>
public sealed class TypedModelTests
{
    public static TheoryData<string> Overlays() => Kustomize.OverlayData();

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Every_rendered_object_parses_strictly_into_its_typed_model(string overlay)
    {
        var yaml = await Kustomize.RenderAsync(overlay);
        var objects = StrictObjects.Load(yaml, overlay);
        Assert.NotEmpty(objects);
    }
}

public static class StrictObjects
{
    public static IReadOnlyList<object> Load(string yaml, string source)
    {
        try
        {
            return KubernetesYaml.LoadAllFromString(yaml, CustomResourceTypes.Map.ToDictionary(), strict: true);
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or KeyNotFoundException)
        {
            var inner = ex.InnerException is null ? "" : $" ({ex.InnerException.Message})";
            Assert.Fail($"{source}: {ex.Message}{inner}");
            throw;
        }
    }
}
