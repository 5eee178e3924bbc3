using System.Globalization;

namespace MonitoringStack.Experiments.Analysis;

/// <summary>
/// Client-side against server-side errors over one experiment's fault window: what the users saw (the
/// load generator) beside what the replicas counted (their own metrics in Prometheus). The difference
/// is what resilience (the load balancer retrying idempotent requests on another replica) hid from
/// users, and what monitoring still caught.
/// </summary>
/// <param name="FromSecond">Start of the client window, seconds from the start of the load.</param>
/// <param name="ToSecond">End of the client window (exclusive).</param>
/// <param name="Client">Requests the clients intended in the window and how many failed (any cause: 5xx, timeout, connection, dropped).</param>
/// <param name="ClientByMethod">The same per HTTP method (GET, POST).</param>
/// <param name="Server">Requests the replicas answered and how many with 5xx; null when Prometheus could not tell.</param>
/// <param name="ServerByInstance">The replicas' counts per instance.</param>
/// <param name="ServerByMethod">The replicas' counts per HTTP method.</param>
/// <param name="HiddenFromClients">
/// At least this many 5xx answers never reached a client: per method, server errors − client failures,
/// never negative (a client failure that was no 5xx, such as a timeout, makes the true figure larger).
/// </param>
public sealed record ErrorRateComparison(
    double FromSecond,
    double ToSecond,
    ErrorCount Client,
    IReadOnlyDictionary<string, ErrorCount> ClientByMethod,
    ErrorCount? Server,
    IReadOnlyDictionary<string, ErrorCount> ServerByInstance,
    IReadOnlyDictionary<string, ErrorCount> ServerByMethod,
    long? HiddenFromClients,
    string Explanation)
{
    public static ErrorRateComparison Compare(double fromSecond, double toSecond,
        IReadOnlyDictionary<string, ErrorCount> clientByMethod, ServerErrors? server)
    {
        ArgumentNullException.ThrowIfNull(clientByMethod);
        var client = clientByMethod.Values.Aggregate(ErrorCount.None, (sum, c) => sum + c);
        long? hidden = server is null ? null
            : server.ByMethod.Sum(s => Math.Max(0, s.Value.Errors - clientByMethod.GetValueOrDefault(s.Key, ErrorCount.None).Errors));

        var text = string.Create(CultureInfo.InvariantCulture,
            $"During the fault (+{fromSecond:0}–+{toSecond:0} s) clients saw {Describe(client)}{PerKey(clientByMethod)}. ");
        if (server is null)
        {
            text += "The replicas' own counts were not available from Prometheus.";
        }
        else
        {
            text += string.Create(CultureInfo.InvariantCulture,
                $"The replicas answered {server.Total.Errors} of {server.Total.Requests} requests with 5xx ({Percent(server.Total.Rate)}){PerKey(server.ByInstance.Where(i => i.Value.Errors > 0).ToDictionary())}. ");
            text += hidden > 0
                ? string.Create(CultureInfo.InvariantCulture, $"At least {hidden} of those 5xx never reached a client: resilience (a retry on another replica) hid them from users, and the replicas' metrics still counted them.")
                : server.Total.Errors > 0
                    ? "Every 5xx the replicas answered reached a client: nothing was retried away."
                    : "The replicas answered no 5xx: whatever failed at the client failed before reaching a replica (a timeout, a refused or reset connection).";
        }
        return new ErrorRateComparison(fromSecond, toSecond, client, clientByMethod, server?.Total,
            server?.ByInstance ?? new Dictionary<string, ErrorCount>(), server?.ByMethod ?? new Dictionary<string, ErrorCount>(), hidden, text);
    }

    /// <summary>"12 failures in 11000 requests (0.109 %)".</summary>
    public static string Describe(ErrorCount count)
    {
        ArgumentNullException.ThrowIfNull(count);
        return string.Create(CultureInfo.InvariantCulture, $"{count.Errors} failures in {count.Requests} requests ({Percent(count.Rate)})");
    }

    public static string Percent(double? rate) =>
        rate is { } r ? (r * 100).ToString(r < 0.01 ? "0.###" : "0.#", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static string PerKey(IReadOnlyDictionary<string, ErrorCount> counts) =>
        counts.Count == 0 ? "" : "; " + string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value.Errors} of {c.Value.Requests} ({Percent(c.Value.Rate)})")));
}
