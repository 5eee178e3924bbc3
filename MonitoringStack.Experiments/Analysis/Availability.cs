namespace MonitoringStack.Experiments.Analysis;

/// <summary>Client-side availability and error budget over a window of a run.</summary>
public static class Availability
{
    /// <summary>Successful requests over all requests in [from, to); null when nothing was sent.</summary>
    public static double? Over(IEnumerable<ClientSecond> series, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(series);
        long ok = 0, total = 0;
        foreach (var s in series.Where(s => s.Second >= from && s.Second < to))
        {
            ok += s.Ok;
            total += s.Total;
        }
        return total == 0 ? null : (double)ok / total;
    }

    /// <summary>Requests intended in [from, to) and how many failed.</summary>
    public static ErrorCount Count(IEnumerable<ClientSecond> series, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(series);
        long failed = 0, total = 0;
        foreach (var s in series.Where(s => s.Second >= from && s.Second < to))
        {
            failed += s.Failed;
            total += s.Total;
        }
        return new ErrorCount(total, failed);
    }

    /// <summary>
    /// Share of the error budget a window spent: failed requests over the failures the SLO allows for the
    /// same number of requests. 1.0 means the whole budget; above 1 the SLO was broken.
    /// </summary>
    public static double? ErrorBudgetSpent(IEnumerable<ClientSecond> series, int from, int to, double sloTarget)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (sloTarget is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sloTarget), sloTarget, "the SLO target must be between 0 and 1 exclusive, e.g. 0.999");
        }
        long failed = 0, total = 0;
        foreach (var s in series.Where(s => s.Second >= from && s.Second < to))
        {
            failed += s.Failed;
            total += s.Total;
        }
        return total == 0 ? null : failed / ((1 - sloTarget) * total);
    }
}
