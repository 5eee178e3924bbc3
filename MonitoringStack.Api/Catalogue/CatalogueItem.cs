namespace MonitoringStack.Api.Catalogue;

/// <summary>One product of the catalogue served by <c>GET /data</c>.</summary>
public sealed record CatalogueItem(int Id, string Sku, string Name, string Category, decimal Price, int Stock);
