using System.Net;
using System.Text.Json;

namespace MonitoringStack.Tests.Api;

/// <summary>Assertions on RFC 9457 ProblemDetails answers.</summary>
public static class ProblemAssert
{
    /// <summary>Asserts status and ProblemDetails content type; returns the parsed body.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)status}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var problem = document.RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Asserts a 400 ProblemDetails whose <c>errors</c> names <paramref name="field"/>.</summary>
    public static async Task NamesFieldAsync(HttpResponseMessage response, string field)
    {
        var problem = await IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), $"no 'errors' in {problem}");
        var names = errors.EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(names.Contains(field), $"errors name [{string.Join(", ", names)}], expected '{field}': {problem}");
    }
}
