using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MonitoringStack.LoadGen.Worker;

/// <summary>
/// Reads what <c>POST /rate</c> asks for: <c>?rps=250</c>, or the JSON body <c>{"rate": 250}</c>
/// (<c>{"rate": null}</c> clears the override). Anything else is refused with a 4xx that names the
/// problem: the control port is reachable by anything on the host, and a typo must not silently
/// clear the rate (<c>{"rps": 500}</c> has no <c>rate</c>) or ask for a billion requests a second.
/// </summary>
internal static class RateRequest
{
    /// <summary>The body is a few bytes; 1 KB leaves room for whitespace and nothing else.</summary>
    public const int MaxBodyBytes = 1024;

    /// <summary>
    /// Far above what one generator can send (about 30,000 requests/s per core, docs/benchmarks.md);
    /// beyond it every arrival would be a dropped iteration, so a larger value is a mistake.
    /// </summary>
    public const double MaxRate = 100_000;

    /// <summary>Either a rate (null = clear the override) or a refusal with its status code.</summary>
    public sealed record Outcome(double? Rate, int Status = StatusCodes.Status200OK, string? Error = null)
    {
        public bool IsError => Error is not null;

        public static Outcome Refuse(int status, string error) => new(null, status, error);
    }

    public static async Task<Outcome> ReadAsync(HttpRequest request)
    {
        if (request.Query.TryGetValue("rps", out var query))
        {
            return double.TryParse(query, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                ? InRange(parsed, "rps")
                : Outcome.Refuse(StatusCodes.Status400BadRequest, $"rps '{query}' is not a number (requests/s)");
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }
        if (!request.HasJsonContentType())
        {
            return Outcome.Refuse(StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type must be application/json (got '{request.ContentType ?? "none"}'); send {{\"rate\": 250}} or use ?rps=250");
        }
        // Read at most MaxBodyBytes + 1: a body without Content-Length (chunked) is bounded too.
        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted)) > 0)
        {
            length += read;
        }
        if (length > MaxBodyBytes)
        {
            return TooLarge();
        }
        return Parse(buffer.AsMemory(0, length));
    }

    private static Outcome Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return Outcome.Refuse(StatusCodes.Status400BadRequest, "empty body; send {\"rate\": 250} (requests/s) or {\"rate\": null} to clear");
        }
        JsonDocument document;
        try
        {
            // The whole body must be one JSON value (trailing bytes are an error), nested at most 8 deep.
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            return Outcome.Refuse(StatusCodes.Status400BadRequest, $"malformed JSON: {ex.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Outcome.Refuse(StatusCodes.Status400BadRequest, $"the body must be a JSON object like {{\"rate\": 250}}, not {Kind(root)}");
            }
            JsonElement? rate = null;
            foreach (var property in root.EnumerateObject())
            {
                if (!property.NameEquals("rate"))
                {
                    return Outcome.Refuse(StatusCodes.Status400BadRequest, $"unknown field '{property.Name}'; the only field is 'rate' (requests/s, or null to clear)");
                }
                rate = property.Value;
            }
            return rate switch
            {
                null => Outcome.Refuse(StatusCodes.Status400BadRequest, "field 'rate' is missing; send {\"rate\": 250} (requests/s) or {\"rate\": null} to clear"),
                { ValueKind: JsonValueKind.Null } => new Outcome(null),
                { ValueKind: JsonValueKind.Number } number when number.TryGetDouble(out var value) && double.IsFinite(value) => InRange(value, "rate"),
                { ValueKind: JsonValueKind.Number } => Outcome.Refuse(StatusCodes.Status400BadRequest, $"rate must be between 0 and {MaxRate:0} requests/s"),
                { } other => Outcome.Refuse(StatusCodes.Status400BadRequest, $"rate must be a number (requests/s) or null, not {Kind(other)}"),
            };
        }
    }

    private static Outcome InRange(double value, string name) =>
        double.IsFinite(value) && value is >= 0 and <= MaxRate
            ? new Outcome(value)
            : Outcome.Refuse(StatusCodes.Status400BadRequest, $"{name} must be between 0 and {MaxRate:0} requests/s, got {value.ToString(CultureInfo.InvariantCulture)}");

    private static Outcome TooLarge() =>
        Outcome.Refuse(StatusCodes.Status413PayloadTooLarge, $"body larger than {MaxBodyBytes} bytes; send {{\"rate\": 250}}");

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Number => "a number",
        _ => "null",
    };
}
