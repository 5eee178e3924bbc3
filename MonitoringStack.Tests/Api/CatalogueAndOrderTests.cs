using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MonitoringStack.Tests.Api;

/// <summary>GET /, the catalogue and POST /process at default settings, against a real instance.</summary>
[Collection(DefaultApiGroup.Name)]
public sealed class CatalogueAndOrderTests(DefaultApiFixture fixture)
{
    private readonly ApiProcess _api = fixture.Api;

    [Fact]
    public async Task Root_reports_service_version_instance_and_uptime()
    {
        var info = await _api.Client.GetFromJsonAsync<JsonElement>(new Uri("/", UriKind.Relative));

        Assert.Equal("MonitoringStack.Api", info.GetProperty("service").GetString());
        Assert.Equal("1.0.0", info.GetProperty("version").GetString());
        Assert.Equal(_api.InstanceId, info.GetProperty("instance").GetString());
        Assert.InRange(info.GetProperty("uptimeSeconds").GetDouble(), 0, 3600);
    }

    [Fact]
    public async Task Catalogue_is_identical_on_every_instance()
    {
        await using var other = await ApiProcess.StartAsync();
        string[] paths = ["/data?page=3&pageSize=100", "/data?category=toys&minPrice=20&maxPrice=200&pageSize=50", "/data/777"];

        foreach (var path in paths)
        {
            var mine = await _api.Client.GetStringAsync(new Uri(path, UriKind.Relative));
            var theirs = await other.Client.GetStringAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(mine, theirs);
        }
        // ...while the instances are really two.
        var otherInfo = await other.Client.GetFromJsonAsync<JsonElement>(new Uri("/", UriKind.Relative));
        Assert.NotEqual(_api.InstanceId, otherInfo.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task Pages_are_consecutive_and_cover_the_catalogue()
    {
        var first = await GetPageAsync("/data?page=1&pageSize=10");
        var second = await GetPageAsync("/data?page=2&pageSize=10");
        var defaults = await GetPageAsync("/data");

        Assert.Equal(1000, first.GetProperty("totalItems").GetInt32());
        Assert.Equal(100, first.GetProperty("totalPages").GetInt32());
        Assert.Equal(Enumerable.Range(1, 10), Ids(first));
        Assert.Equal(Enumerable.Range(11, 10), Ids(second));
        Assert.Equal(20, defaults.GetProperty("pageSize").GetInt32());
        Assert.Equal(20, Ids(defaults).Count);
    }

    [Fact]
    public async Task Filters_select_matching_items_only()
    {
        var page = await GetPageAsync("/data?category=books&minPrice=10&maxPrice=50&inStock=true&pageSize=100");

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.Equal(page.GetProperty("totalItems").GetInt32(), items.Count);
        Assert.All(items, item =>
        {
            Assert.Equal("books", item.GetProperty("category").GetString());
            Assert.InRange(item.GetProperty("price").GetDecimal(), 10m, 50m);
            Assert.True(item.GetProperty("stock").GetInt32() > 0);
        });
        var unfiltered = await GetPageAsync("/data?category=books");
        Assert.True(unfiltered.GetProperty("totalItems").GetInt32() > items.Count);
    }

    [Fact]
    public async Task Item_by_id_or_404_problem()
    {
        var item = await _api.Client.GetFromJsonAsync<JsonElement>(new Uri("/data/42", UriKind.Relative));
        Assert.Equal(42, item.GetProperty("id").GetInt32());
        Assert.Equal("SKU-00042", item.GetProperty("sku").GetString());

        using var missing = await _api.Client.GetAsync(new Uri("/data/5000", UriKind.Relative));
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Processed_order_is_answered_and_counted_by_category()
    {
        var before = await _api.ScrapeAsync();
        var ordersBefore = before.Sum("monitoringstack_orders_processed_total", ("order_category", "garden"));
        var valueBefore = before.Sum("monitoringstack_order_value_sum", ("order_category", "garden"));

        using var response = await _api.Client.PostAsJsonAsync(new Uri("/process", UriKind.Relative),
            new { orderId = "order-1", category = "garden", quantity = 3, unitPrice = 12.5m });
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("order-1", result.GetProperty("orderId").GetString());
        Assert.Equal(37.5m, result.GetProperty("total").GetDecimal());
        Assert.Equal(_api.InstanceId, result.GetProperty("instance").GetString());
        // Default work is 2 ms CPU + 48 ms I/O: the answer cannot come faster.
        Assert.True(result.GetProperty("processingMs").GetDouble() >= 45, result.ToString());

        await _api.ScrapeUntilAsync(m =>
                m.Sum("monitoringstack_orders_processed_total", ("order_category", "garden")) >= ordersBefore + 1
                && m.Sum("monitoringstack_order_value_sum", ("order_category", "garden")) >= valueBefore + 37.5,
            "orders_processed_total and order_value_sum for garden rise");
    }

    public static TheoryData<string, string> SwitchRoutes => ChaosRoutes.All();

    [Theory]
    [MemberData(nameof(SwitchRoutes))]
    public async Task Chaos_routes_do_not_exist_unless_enabled(string method, string path)
    {
        // Even with the (test) token: disabled means the routes are not there at all.
        using var response = await _api.ChaosAsync(new HttpMethod(method), path, new { seconds = 1, exitCode = 3 });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(_api.HasExited);
    }

    private async Task<JsonElement> GetPageAsync(string path) =>
        await _api.Client.GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative));

    private static List<int> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32())];
}
