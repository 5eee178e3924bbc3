using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace MonitoringStack.Api.Catalogue;

/// <summary>
/// Query string of <c>GET /data</c>. Validated by the minimal-API validation filter
/// (<c>AddValidation()</c>): a bad value answers 400 with the field named in <c>errors</c>.
/// Unknown query keys are ignored, so random query strings never fail and never add series.
/// </summary>
/// <remarks>
/// Read by <see cref="BindAsync"/>, not <c>[AsParameters]</c>: the request delegate generator (the API ships as a
/// Native AOT binary) answers an optional value that does not parse (<c>page=abc</c>) with a bare 400 naming
/// nothing, where every other bad input names its field.
/// </remarks>
public sealed class CatalogueQuery : IValidatableObject
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    [Range(1, 10_000)]
    public int? Page { get; init; }

    [Range(1, MaxPageSize)]
    public int? PageSize { get; init; }

    [KnownCategory]
    public string? Category { get; init; }

    [Range(0.0, 1_000_000.0)]
    public decimal? MinPrice { get; init; }

    [Range(0.0, 1_000_000.0)]
    public decimal? MaxPrice { get; init; }

    public bool? InStock { get; init; }

    [StringLength(50)]
    public string? Search { get; init; }

    /// <summary>The query's values, parsed as minimal APIs would (invariant culture); one that does not parse is a 400 naming it.</summary>
    /// <exception cref="BadHttpRequestException">A value is not a number (or not true/false); the message names the key as minimal APIs do.</exception>
    public static ValueTask<CatalogueQuery?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var query = context.Request.Query;
        return ValueTask.FromResult<CatalogueQuery?>(new CatalogueQuery
        {
            Page = Parse<int>(query, "page"),
            PageSize = Parse<int>(query, "pageSize"),
            Category = query["category"].FirstOrDefault(),
            MinPrice = Parse<decimal>(query, "minPrice"),
            MaxPrice = Parse<decimal>(query, "maxPrice"),
            InStock = Parse<bool>(query, "inStock"),
            Search = query["search"].FirstOrDefault(),
        });
    }

    private static T? Parse<T>(IQueryCollection query, string key) where T : struct, IParsable<T>
    {
        var text = query[key].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        // BadRequestExceptionHandler reads the key from this message, as from minimal APIs' own.
        return T.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new BadHttpRequestException($"Failed to bind parameter \"{typeof(T).Name}? {key}\" from \"{text}\".");
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinPrice is { } min && MaxPrice is { } max && min > max)
        {
            yield return new ValidationResult("minPrice must not exceed maxPrice.", [nameof(MinPrice), nameof(MaxPrice)]);
        }
    }
}
