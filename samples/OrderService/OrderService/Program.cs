// The sample service of samples/OrderService: a small order API with its own routes and metrics.
using OrderService;

var builder = WebApplication.CreateBuilder(args);
builder.AddTelemetry();
builder.Services.AddSingleton<Orders>();

var app = builder.Build();
app.MapTelemetry();
app.MapGet("/orders", (Orders orders) => orders.All());
app.MapGet("/orders/{id:int}", (int id, Orders orders) => orders.Find(id) is { } order ? Results.Ok(order) : Results.NotFound());
app.MapPost("/orders", (PlaceOrder request, Orders orders) =>
    string.IsNullOrWhiteSpace(request.Item) || request.Quantity is < 1 or > 100
        ? Results.ValidationProblem(new Dictionary<string, string[]> { ["order"] = ["item is required and quantity must be 1 to 100"] })
        : Results.Created($"/orders/{orders.Place(request.Item, request.Quantity).Id}", null));
app.Run();

/// <summary>The body of POST /orders.</summary>
internal sealed record PlaceOrder(string Item, int Quantity);
