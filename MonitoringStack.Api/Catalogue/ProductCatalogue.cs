namespace MonitoringStack.Api.Catalogue;

/// <summary>
/// A deterministic, in-memory catalogue: every replica generates the same items from the same seed,
/// so a client behind the load balancer sees the same answer whichever replica serves it.
/// </summary>
public sealed class ProductCatalogue
{
    public const int ItemCount = 1000;

    /// <summary>Fixed seed: a seeded <see cref="Random"/> yields the same sequence on every run.</summary>
    private const int Seed = 20_240_601;

    private static readonly string[] Adjectives =
        ["Compact", "Classic", "Deluxe", "Eco", "Handy", "Mini", "Pro", "Rugged", "Smart", "Ultra"];

    private static readonly string[] Nouns =
        ["Bundle", "Case", "Kit", "Lamp", "Pack", "Set", "Stand", "Tool", "Tray", "Widget"];

    private readonly CatalogueItem[] _items;

    public ProductCatalogue()
    {
#pragma warning disable CA5394 // Not security relevant: a reproducible sequence is the point.
        var random = new Random(Seed);
        _items = new CatalogueItem[ItemCount];
        for (var i = 0; i < ItemCount; i++)
        {
            var id = i + 1;
            var category = Categories.All[random.Next(Categories.All.Count)];
            var name = $"{Adjectives[random.Next(Adjectives.Length)]} {Nouns[random.Next(Nouns.Length)]} {id}";
            // Prices spread over 1..1000 (log-uniform), rounded to cents.
            var price = Math.Round((decimal)Math.Exp(random.NextDouble() * Math.Log(1000)), 2);
            _items[i] = new CatalogueItem(id, $"SKU-{id:D5}", name, category, price, random.Next(0, 500));
        }
#pragma warning restore CA5394
    }

    public IReadOnlyList<CatalogueItem> Items => _items;

    public CatalogueItem? Find(int id) => id is >= 1 and <= ItemCount ? _items[id - 1] : null;

    public CataloguePage Query(CatalogueQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        IEnumerable<CatalogueItem> matches = _items;
        if (query.Category is { } category)
        {
            matches = matches.Where(item => item.Category == category);
        }
        if (query.MinPrice is { } min)
        {
            matches = matches.Where(item => item.Price >= min);
        }
        if (query.MaxPrice is { } max)
        {
            matches = matches.Where(item => item.Price <= max);
        }
        if (query.InStock is true)
        {
            matches = matches.Where(item => item.Stock > 0);
        }
        if (!string.IsNullOrEmpty(query.Search))
        {
            matches = matches.Where(item => item.Name.Contains(query.Search, StringComparison.OrdinalIgnoreCase));
        }

        var all = matches.ToList();
        var page = query.Page ?? 1;
        var pageSize = query.PageSize ?? CatalogueQuery.DefaultPageSize;
        var items = all.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var totalPages = (all.Count + pageSize - 1) / pageSize;
        return new CataloguePage(page, pageSize, all.Count, totalPages, items);
    }
}

/// <summary>One page of <c>GET /data</c>.</summary>
public sealed record CataloguePage(int Page, int PageSize, int TotalItems, int TotalPages, IReadOnlyList<CatalogueItem> Items);
