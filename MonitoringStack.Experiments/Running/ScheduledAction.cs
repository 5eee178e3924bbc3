using MonitoringStack.Experiments.Definitions;

namespace MonitoringStack.Experiments.Running;

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
            if (ExperimentActions.Undo(action.Kind) is { } undo && action.DurationSeconds is { } duration)
            {
                var end = action.At + duration;
                actions.Add(new ScheduledAction(end, new FaultAction { Action = ExperimentActions.NameOf(undo), Target = action.Target, At = end }, true));
            }
        }
        return actions.OrderBy(a => a.At).ToArray();
    }
}
