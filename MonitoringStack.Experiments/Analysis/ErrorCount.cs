using System.Text.Json.Serialization;

namespace MonitoringStack.Experiments.Analysis;

/// <summary>Requests and how many of them failed, over one window, as one side (client or server) counted them.</summary>
public sealed record ErrorCount(long Requests, long Errors)
{
    public static readonly ErrorCount None = new(0, 0);

    /// <summary>Errors over requests; null when there were no requests.</summary>
    [JsonPropertyName("errorRate")]
    public double? Rate => Requests == 0 ? null : (double)Errors / Requests;

    /// <summary>Share of requests that succeeded; null when there were no requests.</summary>
    [JsonIgnore]
    public double? Availability => Requests == 0 ? null : 1 - (double)Errors / Requests;

    public static ErrorCount operator +(ErrorCount a, ErrorCount b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new ErrorCount(a.Requests + b.Requests, a.Errors + b.Errors);
    }

    public static ErrorCount Add(ErrorCount a, ErrorCount b) => a + b;
}
