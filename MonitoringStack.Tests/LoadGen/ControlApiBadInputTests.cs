using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MonitoringStack.Tests.Config;
using MonitoringStack.Tests.Infrastructure;

namespace MonitoringStack.Tests.LoadGen;

/// <summary>
/// Issue 12 item 5: the load generator worker's control API (a real worker process) answers bad input
/// with a 4xx naming the problem, keeps the rate it had, and keeps running.
/// </summary>
public sealed class ControlApiBadInputTests(ControlApiBadInputTests.Worker worker) : IClassFixture<ControlApiBadInputTests.Worker>
{
    /// <summary>The rate set before every bad request; it must still be in force after it.</summary>
    private const double KeptRate = 7;

    public static TheoryData<string, string, HttpStatusCode, string> BadBodies => new()
    {
        { "malformed JSON", "{\"rate\": ", HttpStatusCode.BadRequest, "malformed JSON" },
        { "trailing garbage", "{\"rate\": 5} x", HttpStatusCode.BadRequest, "malformed JSON" },
        { "empty body", "", HttpStatusCode.BadRequest, "empty body" },
        { "not an object", "[250]", HttpStatusCode.BadRequest, "must be a JSON object" },
        { "rate as string", "{\"rate\": \"fast\"}", HttpStatusCode.BadRequest, "rate must be a number (requests/s) or null, not a string" },
        { "rate as boolean", "{\"rate\": true}", HttpStatusCode.BadRequest, "not a boolean" },
        { "rate as object", "{\"rate\": {\"value\": 5}}", HttpStatusCode.BadRequest, "not an object" },
        { "typo in the field", "{\"rps\": 500}", HttpStatusCode.BadRequest, "unknown field 'rps'" },
        { "no field", "{}", HttpStatusCode.BadRequest, "field 'rate' is missing" },
        { "negative rate", "{\"rate\": -1}", HttpStatusCode.BadRequest, "between 0 and 100000" },
        { "absurd rate", "{\"rate\": 1e12}", HttpStatusCode.BadRequest, "between 0 and 100000" },
        { "overflowing rate", "{\"rate\": 1e999}", HttpStatusCode.BadRequest, "between 0 and 100000" },
        { "deep nesting", string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100), HttpStatusCode.BadRequest, "malformed JSON" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_json_bodies_answer_400_naming_the_problem_and_change_nothing(string what, string body, HttpStatusCode status, string message)
    {
        await SetRateAsync(KeptRate);

        using var response = await worker.Http.PostAsync(new Uri("/rate", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertRefusedAsync(response, status, message, what);
    }

    [Theory]
    [InlineData("abc", "rps 'abc' is not a number")]
    [InlineData("-5", "rps must be between 0 and 100000")]
    [InlineData("NaN", "rps must be between 0 and 100000")]
    [InlineData("1e9", "rps must be between 0 and 100000")]
    public async Task Bad_query_rates_answer_400(string rps, string message)
    {
        await SetRateAsync(KeptRate);

        using var response = await worker.Http.PostAsync(new Uri($"/rate?rps={Uri.EscapeDataString(rps)}", UriKind.Relative), null);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, message, $"?rps={rps}");
    }

    [Fact]
    public async Task A_body_that_is_not_json_answers_415()
    {
        await SetRateAsync(KeptRate);

        using var response = await worker.Http.PostAsync(new Uri("/rate", UriKind.Relative), new StringContent("rate=5", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await AssertRefusedAsync(response, HttpStatusCode.UnsupportedMediaType, "Content-Type must be application/json", "form body");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // chunked: no Content-Length to refuse up front, the read itself is bounded
    public async Task A_huge_body_answers_413_without_being_read(bool chunked)
    {
        await SetRateAsync(KeptRate);
        var huge = "{\"rate\": 5" + new string(' ', 4 * 1024 * 1024) + "}";
        var content = new StringContent(huge, Encoding.UTF8, "application/json");
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/rate", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;

        HttpResponseMessage response;
        try
        {
            response = await worker.Http.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            // The worker may answer and close before the client finished sending: also a refusal.
            Assert.Equal(KeptRate, await RateOverrideAsync());
            return;
        }
        using (response)
        {
            await AssertRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, "body larger than 1024 bytes", "huge body");
        }
    }

    [Fact]
    public async Task Valid_requests_still_work_after_the_bad_ones()
    {
        await SetRateAsync(12.5);
        Assert.Equal(12.5, await RateOverrideAsync());
        using var clear = await worker.Http.PostAsync(new Uri("/rate", UriKind.Relative), new StringContent("{\"rate\": null}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, clear.StatusCode);
        Assert.Null(await RateOverrideAsync());
        using var query = await worker.Http.PostAsync(new Uri("/rate?rps=0", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal(0, await RateOverrideAsync());
    }

    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string message, string what)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{what}: expected {(int)status}, got {(int)response.StatusCode} {text}");
        using var body = JsonDocument.Parse(text);
        Assert.Contains(message, body.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(worker.Process.HasExited, $"the worker exited after {what}:\n{worker.Process.Output}");
        Assert.Equal(KeptRate, await RateOverrideAsync());
    }

    private async Task SetRateAsync(double rate)
    {
        using var response = await worker.Http.PostAsJsonAsync(new Uri("/rate", UriKind.Relative), new { rate });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<double?> RateOverrideAsync()
    {
        using var status = JsonDocument.Parse(await worker.Http.GetStringAsync(new Uri("/status", UriKind.Relative)));
        var value = status.RootElement.GetProperty("rateOverride");
        return value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();
    }

    /// <summary>One real worker for the class, sending a trickle to a port nothing listens on (errors are counted, not fatal).</summary>
    public sealed class Worker : IAsyncLifetime, IDisposable
    {
        public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };
        public ManagedProcess Process { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var port = FreePorts.Next();
            var address = $"http://127.0.0.1:{port}";
            Http.BaseAddress = new Uri(address);
            Process = DotnetApp.Start(BuildOutput.LoadGen,
            [
                "worker", "--target", $"http://127.0.0.1:{FreePorts.Next().ToString(CultureInfo.InvariantCulture)}", "--rate", "1", "--urls", address,
            ], new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
            await Process.WaitUntilReadyAsync(Http, $"{address}/health", TimeSpan.FromSeconds(30));
        }

        public async Task DisposeAsync()
        {
            if (Process is not null)
            {
                await Process.DisposeAsync();
            }
            Dispose();
        }

        public void Dispose() => Http.Dispose();
    }
}
