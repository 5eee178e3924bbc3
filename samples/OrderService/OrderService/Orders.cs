using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OrderService;

/// <summary>An order as the service stores it (in memory: the sample is about operating the service, not storing orders).</summary>
public sealed record Order(int Id, string Item, int Quantity, DateTimeOffset PlacedAt);

/// <summary>The order book and its business metric.</summary>
public sealed class Orders
{
    public const string MeterName = "OrderService";

    private readonly ConcurrentDictionary<int, Order> _orders = new();
    private readonly Counter<long> _placed;
    private int _nextId;

    public Orders(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _placed = meters.Create(MeterName).CreateCounter<long>("orders.placed", description: "Orders placed");
    }

    public Order Place(string item, int quantity)
    {
        var order = new Order(Interlocked.Increment(ref _nextId), item, quantity, DateTimeOffset.UtcNow);
        _orders[order.Id] = order;
        _placed.Add(1);
        return order;
    }

    public Order? Find(int id) => _orders.GetValueOrDefault(id);

    public IReadOnlyList<Order> All() => [.. _orders.Values.OrderBy(o => o.Id)];
}
