using System.Text.Json;

namespace MonitoringStack.Tests.Api;

/// <summary>Console logs are JSON lines whose scopes carry the request's W3C trace id.</summary>
[Collection(ChaosApiGroup.Name)]
public sealed class StructuredLogTests(ChaosApiFixture fixture)
{
    private readonly ApiProcess _api = fixture.Api;

    [Fact]
    public async Task Log_lines_carry_the_incoming_trace_id()
    {
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/chaos/latency", UriKind.Relative))
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { delayMs = 1, durationSeconds = 1 }),
        };
        request.Headers.Add("X-Chaos-Token", ApiProcess.ChaosToken);
        request.Headers.Add("traceparent", $"00-{traceId}-{"00f067aa0ba902b7"}-01");
        using (var response = await _api.Client.SendAsync(request))
        {
            response.EnsureSuccessStatusCode();
        }

        JsonElement? line = null;
        await Eventually.AssertAsync(() =>
        {
            line = _api.Output.Where(l => l.StartsWith('{') && l.Contains(traceId, StringComparison.Ordinal))
                .Select(l => JsonDocument.Parse(l).RootElement.Clone())
                .Cast<JsonElement?>()
                .FirstOrDefault();
            return Task.FromResult(line is not null);
        }, $"a JSON log line with trace id {traceId}");

        var log = line!.Value;
        Assert.Equal("Warning", log.GetProperty("LogLevel").GetString());
        Assert.Contains("latency activated", log.GetProperty("Message").GetString(), StringComparison.Ordinal);
        var scopeTraceIds = log.GetProperty("Scopes").EnumerateArray()
            .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _))
            .Select(s => s.GetProperty("TraceId").GetString());
        Assert.Contains(traceId, scopeTraceIds);
        await _api.ActivateAsync("/chaos/reset");
    }
}
