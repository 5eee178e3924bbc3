using System.ComponentModel.DataAnnotations;

namespace MonitoringStack.Api.Catalogue;

/// <summary>
/// The fixed set of product categories. Orders and filters must name one of them, which is what
/// keeps the <c>order_category</c> label bounded.
/// </summary>
public static class Categories
{
    public static IReadOnlyList<string> All { get; } =
        ["books", "clothing", "electronics", "garden", "grocery", "home", "sports", "toys"];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string? category) => category is not null && Known.Contains(category);
}

/// <summary>Validates that a string, when present, is one of <see cref="Categories.All"/>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field)]
public sealed class KnownCategoryAttribute : ValidationAttribute
{
    public KnownCategoryAttribute()
        : base($"The {{0}} field must be one of: {string.Join(", ", Categories.All)}.")
    {
    }

    public override bool IsValid(object? value) => value is null || Categories.IsKnown(value as string);
}
