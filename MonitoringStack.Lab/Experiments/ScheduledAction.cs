using MonitoringStack.Experiments.Definitions;

namespace MonitoringStack.Lab.Experiments;

/// <summary>One action of an experiment's timeline, at a second from the start of the load.</summary>
public sealed record ScheduledAction(double At, FaultAction Action, bool IsAutomaticUndo)
{
    /// <summary>
    /// The method's actions in time order, plus the undo of every lasting fault at its end (a pause is
    /// resumed, a partition healed), so a fault with a duration needs no hand-written second step.
    /// </summary>
    public static IReadOnlyList<ScheduledAction> Timeline(ExperimentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var actions = new List<ScheduledAction>();
        foreach (var action in definition.Method)
        {
            actions.Add(new ScheduledAction(action.At, action, false));
            var undo = action.Action switch
            {
                "pause" => "resume",
                "partition" => "heal",
                _ => null,
            };
            if (undo is not null && action.DurationSeconds is { } duration)
            {
                actions.Add(new ScheduledAction(action.At + duration, new FaultAction { Action = undo, Target = action.Target, At = action.At + duration }, true));
            }
        }
        return actions.OrderBy(a => a.At).ToArray();
    }

    /// <summary>When the fault period ends for reporting: the end of the lasting fault, or null for an instant one.</summary>
    public static double? FaultEnd(FaultAction action) => action.Action switch
    {
        "pause" or "partition" => action.At + action.DurationSeconds,
        "chaos" when action.Body.TryGetValue("durationSeconds", out var d) => action.At + Convert.ToDouble(d, System.Globalization.CultureInfo.InvariantCulture),
        "chaos" when action.Fault == "hang" && action.Body.TryGetValue("seconds", out var s) => action.At + Convert.ToDouble(s, System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}
