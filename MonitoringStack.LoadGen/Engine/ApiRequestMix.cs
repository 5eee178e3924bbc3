namespace MonitoringStack.LoadGen.Engine;

/// <summary>
/// The sample API's endpoints in the proportions a browsing user hits them; the worker's default mix
/// and the one the built-in profiles spell out in YAML.
/// </summary>
public static class ApiRequestMix
{
    public static IReadOnlyList<RequestSpec> Default { get; } =
    [
        new("GET", "/", Weight: 2),
        new("GET", "/data?page=${page:1-20}", Weight: 3),
        new("GET", "/data/${id:1-1000}", Weight: 4),
        new("POST", "/process",
            Body: """{"category":"${category:books|games|music|garden}","quantity":${quantity:1-5},"unitPrice":12.5}""",
            Weight: 1),
    ];
}
