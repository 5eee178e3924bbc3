using System.Net;
using System.Text;

namespace MonitoringStack.Tests.Api;

/// <summary>With chaos enabled, every /chaos route needs the right token: missing → 401, wrong → 403.</summary>
[Collection(ChaosApiGroup.Name)]
public sealed class ChaosGuardTests(ChaosApiFixture fixture)
{
    private readonly ApiProcess _api = fixture.Api;

    /// <summary>The routes as documented, and every switch of the catalogue (a new fault is guarded too).</summary>
    public static TheoryData<string, string> Routes => ChaosRoutes.All();

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Missing_token_is_401(string method, string path)
    {
        using var response = await SendAsync(method, path, token: null);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        await AssertNothingHappenedAsync();
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Wrong_token_is_403(string method, string path)
    {
        using var response = await SendAsync(method, path, token: ApiProcess.ChaosToken + "x");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
        await AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task Token_is_checked_before_the_body_is_read()
    {
        using var content = new StringContent("{ not json", Encoding.UTF8, "application/json");
        using var response = await _api.Client.PostAsync(new Uri("/chaos/latency", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_fault_body_is_a_413()
    {
        var json = $$"""{"delayMs":1,"durationSeconds":1,"padding":"{{new string('x', 70 * 1024)}}"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/chaos/latency", UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Chaos-Token", ApiProcess.ChaosToken);
        using var response = await _api.Client.SendAsync(request);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task Right_token_is_accepted()
    {
        using var response = await _api.ChaosAsync(HttpMethod.Get, "/chaos");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Enabled_without_a_token_refuses_to_start()
    {
        var settings = new Dictionary<string, string> { ["Chaos:Enabled"] = "true" };
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ApiProcess.StartAsync(settings));
        Assert.Contains("Chaos:Token", failure.Message, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Add("X-Chaos-Token", token);
        }
        if (method == "POST")
        {
            // Bodies that would be valid: only the token stands in the way.
            request.Content = new StringContent(
                """{"delayMs":100,"rate":1,"status":500,"threads":1,"megabytes":1,"seconds":1,"exitCode":3,"durationSeconds":1}""",
                Encoding.UTF8, "application/json");
        }
        return await _api.Client.SendAsync(request);
    }

    private async Task AssertNothingHappenedAsync()
    {
        Assert.False(_api.HasExited, "a refused /chaos/crash must not crash the process");
        using var view = await _api.ChaosAsync(HttpMethod.Get, "/chaos");
        Assert.Contains("\"active\":[]", await view.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
