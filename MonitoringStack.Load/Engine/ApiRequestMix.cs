namespace MonitoringStack.Load.Engine;

/// <summary>
/// The sample API's endpoints in the proportions a browsing user hits them; the worker's default mix
/// and the one the built-in profiles spell out in YAML.
/// </summary>
public static class ApiRequestMix
{
    /// <summary>
    /// An order for <c>POST /process</c>. Categories must be ones the API knows (it answers others with
    /// 400, which would read as errors in every result).
    /// </summary>
    public const string OrderBody =
        """{"category":"${category:books|toys|garden|home|sports}","quantity":${quantity:1-5},"unitPrice":12.5}""";

    public static IReadOnlyList<RequestSpec> Default { get; } =
    [
        new("GET", "/", Weight: 2),
        new("GET", "/data?page=${page:1-20}", Weight: 3),
        new("GET", "/data/${id:1-1000}", Weight: 4),
        new("POST", "/process",
            Body: OrderBody,
            Weight: 1),
    ];
}
