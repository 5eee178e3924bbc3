using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MonitoringStack.Tests.Config;
using MonitoringStack.Tests.Infrastructure;

namespace MonitoringStack.Tests.AlertReceiver;

/// <summary>
/// The stack's alert receiver as a real process: what Alertmanager posts is recorded with its arrival
/// time and served back, a restart keeps the history (its journal), and bad input gets a clear 4xx.
/// </summary>
public sealed class AlertReceiverTests : IDisposable
{
    private readonly TempFolder _folder = new("alert-receiver");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly int _port = FreePorts.Next();

    private string Journal => _folder.Combine("alerts.jsonl");
    private Uri Url(string path) => new($"http://127.0.0.1:{_port}{path}");

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    private const string Firing = """
        {"receiver":"critical","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"AppDown","instance":"api-1","severity":"critical"},
         "startsAt":"2026-12-01T10:00:00Z"}],"groupLabels":{"alertname":"AppDown"},"version":"4"}
        """;

    [Fact]
    public async Task Notifications_are_recorded_with_their_arrival_time_and_survive_a_restart()
    {
        var before = DateTimeOffset.UtcNow;
        await using (var receiver = await StartAsync())
        {
            using var posted = await _http.PostAsync(Url("/alerts"), new StringContent(Firing, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }
        await using (var restarted = await StartAsync())
        {
            var notifications = await _http.GetFromJsonAsync<JsonElement>(Url("/notifications"));
            var notification = Assert.Single(notifications.EnumerateArray());
            Assert.Equal("/alerts", notification.GetProperty("path").GetString());
            Assert.Equal("critical", notification.GetProperty("receiver").GetString());
            Assert.InRange(notification.GetProperty("receivedAt").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
            var alert = Assert.Single(notification.GetProperty("alerts").EnumerateArray());
            Assert.Equal("AppDown", alert.GetProperty("alertName").GetString());
            Assert.Equal("api-1", alert.GetProperty("labels").GetProperty("instance").GetString());

            var later = await _http.GetFromJsonAsync<JsonElement>(Url($"/notifications?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}"));
            Assert.Equal(0, later.GetArrayLength());
        }
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "JSON object")]
    [InlineData("""{"alerts":"AppDown"}""", "'alerts' must be an array")]
    [InlineData("""{"alerts":[42]}""", "must be an object")]
    public async Task Bad_bodies_are_answered_400_naming_the_problem_and_nothing_is_recorded(string body, string expected)
    {
        await using var receiver = await StartAsync();

        using var response = await _http.PostAsync(Url("/alerts"), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await _http.GetFromJsonAsync<JsonElement>(Url("/notifications"))).GetArrayLength());
        using var health = await _http.GetAsync(Url("/health"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Huge_bodies_and_bad_since_values_are_refused()
    {
        await using var receiver = await StartAsync();

        using var huge = await _http.PostAsync(Url("/alerts"), new StringContent(new string(' ', 2 * 1024 * 1024) + "{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        using var since = await _http.GetAsync(Url("/notifications?since=yesterday"));
        Assert.Equal(HttpStatusCode.BadRequest, since.StatusCode);
        Assert.Contains("ISO 8601", await since.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<AlertReceiverProcess> StartAsync() => AlertReceiverProcess.StartAsync(_port, Journal);
}
