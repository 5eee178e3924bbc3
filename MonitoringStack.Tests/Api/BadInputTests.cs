using System.Net;
using System.Text;

namespace MonitoringStack.Tests.Api;

/// <summary>Bad input gets 400 naming the field, 413 or 404 as ProblemDetails — never a 500.</summary>
[Collection(DefaultApiGroup.Name)]
public sealed class BadInputTests(DefaultApiFixture fixture)
{
    private readonly ApiProcess _api = fixture.Api;

    [Theory]
    [InlineData("/data?pageSize=101", "pageSize")]
    [InlineData("/data?pageSize=0", "pageSize")]
    [InlineData("/data?page=0", "page")]
    [InlineData("/data?page=abc", "page")]
    [InlineData("/data?category=weapons", "category")]
    [InlineData("/data?minPrice=-1", "minPrice")]
    [InlineData("/data?maxPrice=cheap", "maxPrice")]
    [InlineData("/data?minPrice=50&maxPrice=10", "minPrice")]
    [InlineData("/data?inStock=maybe", "inStock")]
    [InlineData("/data/abc", "id")]
    [InlineData("/data/0", "id")]
    [InlineData("/data/-5", "id")]
    [InlineData("/data/99999999999", "id")]
    public async Task Bad_query_or_route_value_is_a_400_naming_the_field(string path, string field)
    {
        using var response = await _api.Client.GetAsync(new Uri(path, UriKind.Relative));
        await ProblemAssert.NamesFieldAsync(response, field);
    }

    [Theory]
    [InlineData("""{"category":"books","quantity":0,"unitPrice":5}""", "quantity")]
    [InlineData("""{"category":"books","quantity":1001,"unitPrice":5}""", "quantity")]
    [InlineData("""{"category":"books","quantity":"three","unitPrice":5}""", "quantity")]
    [InlineData("""{"category":"books","quantity":1,"unitPrice":0}""", "unitPrice")]
    [InlineData("""{"category":"books","quantity":1}""", "unitPrice")]
    [InlineData("""{"category":"weapons","quantity":1,"unitPrice":5}""", "category")]
    [InlineData("""{"quantity":1,"unitPrice":5}""", "category")]
    [InlineData("""{"category":"books","quantity":1,"unitPrice":5,"orderId":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}""", "orderId")]
    public async Task Bad_order_is_a_400_naming_the_field(string json, string field)
    {
        using var response = await PostProcessAsync(json);
        await ProblemAssert.NamesFieldAsync(response, field);
    }

    [Theory]
    [InlineData("""{"category":"books",""")]
    [InlineData("not json at all")]
    [InlineData("")]
    public async Task Malformed_or_missing_json_is_a_400_problem(string body)
    {
        using var response = await PostProcessAsync(body);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Oversized_body_is_a_413_problem()
    {
        // A valid-looking order padded past the 64 KB limit of /process.
        var json = $$"""{"category":"books","quantity":1,"unitPrice":5,"orderId":"{{new string('x', 70 * 1024)}}"}""";
        using var response = await PostProcessAsync(json);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("GET", "/nope")]
    [InlineData("GET", "/data/1/extra")]
    [InlineData("DELETE", "/process/7")]
    public async Task Unknown_route_is_a_404_problem(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await _api.Client.SendAsync(request);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_input_never_produces_a_5xx()
    {
        // A volley of everything above, then the server's own record: no 5xx series at all.
        string[] paths = ["/data?page=abc", "/data/abc", "/data?pageSize=1000", "/nope", "/data?minPrice=9&maxPrice=1"];
        foreach (var path in paths)
        {
            using var response = await _api.Client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True((int)response.StatusCode < 500, $"{path} answered {(int)response.StatusCode}");
        }
        using (var malformed = await PostProcessAsync("{\"quantity\": [}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        var metrics = await _api.ScrapeUntilAsync(m => m.Contains("http_server_request_duration_seconds_count"),
            "request duration series exist");
        var serverErrors = metrics.Series("http_server_request_duration_seconds_count")
            .Where(s => s.Labels.TryGetValue("http_response_status_code", out var code) && code.StartsWith('5'))
            .Select(s => s.SeriesKey)
            .ToList();
        Assert.True(serverErrors.Count == 0, $"5xx answers recorded: {string.Join('\n', serverErrors)}");
        Assert.Equal(0, metrics.Sum("monitoringstack_requests_failed_total"));
    }

    private async Task<HttpResponseMessage> PostProcessAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await _api.Client.PostAsync(new Uri("/process", UriKind.Relative), content);
    }
}
