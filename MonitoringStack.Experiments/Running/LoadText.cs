using System.Globalization;
using MonitoringStack.Experiments.Definitions;

namespace MonitoringStack.Experiments.Running;

/// <summary>An experiment's load in words, for the run's log.</summary>
public static class LoadText
{
    /// <summary><c>150 requests/s for 40 s</c>, or per phase: <c>40 requests/s for 30 s, 200 for 60 s, 40 for 90 s</c>.</summary>
    public static string Describe(LoadDefinition load)
    {
        ArgumentNullException.ThrowIfNull(load);
        return string.Join(", ", load.Schedule.Select((p, i) =>
            string.Create(CultureInfo.InvariantCulture, $"{p.Rate:0.#}{(i == 0 ? " requests/s" : "")} for {p.DurationSeconds} s")));
    }
}
