namespace MonitoringStack.Experiments.Analysis;

/// <summary>
/// One decision of the stack's autoscaler with what it read: <paramref name="Action"/> is <c>none</c>,
/// <c>scaleUp</c>, <c>scaleDown</c> or <c>hold</c>; <paramref name="Average"/> is its signal per replica
/// (null when it could not read one), against <paramref name="Target"/>.
/// </summary>
public sealed record ScalingDecision(DateTimeOffset At, string Action, int Current, int To, double? Average, double Target, string Reason, string? Outcome)
{
    public bool Changes => Action is "scaleUp" or "scaleDown";
}
