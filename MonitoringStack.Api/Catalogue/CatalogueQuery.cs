using System.ComponentModel.DataAnnotations;

namespace MonitoringStack.Api.Catalogue;

/// <summary>
/// Query string of <c>GET /data</c>. Validated by the minimal-API validation filter
/// (<c>AddValidation()</c>): a bad value answers 400 with the field named in <c>errors</c>.
/// Unknown query keys are ignored, so random query strings never fail and never add series.
/// </summary>
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

    [Range(typeof(decimal), "0", "1000000")]
    public decimal? MinPrice { get; init; }

    [Range(typeof(decimal), "0", "1000000")]
    public decimal? MaxPrice { get; init; }

    public bool? InStock { get; init; }

    [StringLength(50)]
    public string? Search { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinPrice is { } min && MaxPrice is { } max && min > max)
        {
            yield return new ValidationResult("minPrice must not exceed maxPrice.", [nameof(MinPrice), nameof(MaxPrice)]);
        }
    }
}
