using MonitoringStack.Topology;
using YamlDotNet.RepresentationModel;
using static MonitoringStack.Deploy.YamlText;

namespace MonitoringStack.Deploy.Kubernetes;

/// <summary>
/// The HPA <c>behavior</c> block for config/autoscaling.json's scaleUp and scaleDown, built once for both
/// readers: the base HPA's patch and the KEDA ScaledObject (which hands it to the HPA it creates).
/// </summary>
internal static class HpaBehavior
{
    /// <summary>
    /// The period of the step limits: the HPA's own default (15 s, also its sync period), so one decision
    /// adds at most one step, as each decision of the AppHost's autoscaler does.
    /// </summary>
    public const int PolicyPeriodSeconds = 15;

    public static YamlMappingNode From(AutoscalingPolicy policy)
    {
        var up = policy.ScaleUp;
        // The API refuses a policy of value 0; in the file 0 means that limit adds nothing, which under
        // selectPolicy Max is the same as leaving it out (the file's validation keeps one above 0).
        var policies = new List<YamlNode>();
        if (up.Percent > 0)
        {
            policies.Add(Policy("Percent", up.Percent));
        }
        if (up.Pods > 0)
        {
            policies.Add(Policy("Pods", up.Pods));
        }
        return Map(
            ("scaleUp", Map(
                ("stabilizationWindowSeconds", N(WholeSeconds(up.StabilizationWindowSeconds, "scaleUp.stabilizationWindowSeconds"))),
                ("policies", Seq([.. policies])),
                // The larger step wins: the AppHost's max(percent, pods).
                ("selectPolicy", S("Max")))),
            // No scale-down policy: the AppHost does not limit a scale-down step, nor does the HPA's
            // default (100 % of the pods per 15 s); only the window holds replicas back.
            ("scaleDown", Map(
                ("stabilizationWindowSeconds", N(WholeSeconds(policy.ScaleDown.StabilizationWindowSeconds, "scaleDown.stabilizationWindowSeconds"))))));
    }

    private static YamlMappingNode Policy(string type, int value) =>
        Map(("type", S(type)), ("value", N(value)), ("periodSeconds", N(PolicyPeriodSeconds)));

    /// <summary>The AppHost accepts fractions of a second; the HPA's windows are whole seconds, so a fraction is refused, not rounded.</summary>
    private static int WholeSeconds(double seconds, string key) =>
        seconds == Math.Floor(seconds)
            ? checked((int)seconds)
            : throw new TopologyException($"{AutoscalingPolicy.FileName}: {key} must be whole seconds for the cluster's HPA, got {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}
