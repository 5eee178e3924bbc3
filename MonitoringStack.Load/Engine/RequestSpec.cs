namespace MonitoringStack.Load.Engine;

/// <summary>
/// One entry of the request mix. <paramref name="Path"/> and <paramref name="Body"/> may hold
/// placeholders drawn afresh for every request: <c>${id:1-1000}</c> (an integer in the inclusive range)
/// or <c>${category:books|toys|garden}</c> (one of the choices). <c>${…}</c> keeps them apart from the
/// braces of a JSON body.
/// </summary>
/// <param name="Method">HTTP method, e.g. GET or POST.</param>
/// <param name="Path">Path and query relative to the target, e.g. <c>/data/${id:1-1000}</c>.</param>
/// <param name="Body">Request body (sent as <paramref name="ContentType"/>), or null.</param>
/// <param name="Weight">Relative share of the mix.</param>
/// <param name="Name">Label on metrics and results; defaults to method plus the path without query, placeholders as <c>{name}</c>.</param>
/// <param name="ContentType">Media type of the body.</param>
public sealed record RequestSpec(
    string Method,
    string Path,
    string? Body = null,
    double Weight = 1,
    string? Name = null,
    string ContentType = "application/json")
{
    private readonly Lazy<(RequestTemplate Path, RequestTemplate? Body)> _compiled = new(() =>
        (RequestTemplate.Parse(Path), Body is null ? null : RequestTemplate.Parse(Body)));

    public RequestTemplate PathTemplate => _compiled.Value.Path;

    public RequestTemplate? BodyTemplate => _compiled.Value.Body;

    /// <summary>The <c>endpoint</c> label: low cardinality by construction (placeholders are not expanded).</summary>
    public string EndpointLabel => Name ?? $"{Method.ToUpperInvariant()} {PathTemplate.Label.Split('?')[0]}";
}
