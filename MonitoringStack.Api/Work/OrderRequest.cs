using System.ComponentModel.DataAnnotations;
using MonitoringStack.Api.Catalogue;

namespace MonitoringStack.Api.Work;

/// <summary>Body of <c>POST /process</c>.</summary>
/// <param name="OrderId">Optional client reference; generated when absent.</param>
/// <param name="Category">One of the catalogue categories (keeps the <c>order_category</c> label bounded).</param>
/// <param name="Quantity">Units ordered.</param>
/// <param name="UnitPrice">Price of one unit.</param>
public sealed record OrderRequest(
    [property: StringLength(64)] string? OrderId,
    [property: Required, KnownCategory] string? Category,
    [property: Range(1, 1000)] int Quantity,
    [property: Range(0.01, 100_000.0)] decimal UnitPrice);

/// <summary>Answer of <c>POST /process</c>.</summary>
public sealed record OrderResult(string OrderId, string Category, int Quantity, decimal Total, string Instance, double ProcessingMs);
