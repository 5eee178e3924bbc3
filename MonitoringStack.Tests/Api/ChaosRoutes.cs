using MonitoringStack.Faults;

namespace MonitoringStack.Tests.Api;

/// <summary>The /chaos routes: those the README documents (the contract), and every switch of the fault catalogue.</summary>
public static class ChaosRoutes
{
    private static readonly string[] Documented =
        ["/chaos/latency", "/chaos/errors", "/chaos/cpu", "/chaos/memory", "/chaos/hang", "/chaos/crash", "/chaos/reset"];

    public static TheoryData<string, string> All()
    {
        var routes = new TheoryData<string, string> { { "GET", "/chaos" } };
        foreach (var path in Documented.Union(FaultCatalogue.Switches.Select(s => s.Path), StringComparer.Ordinal))
        {
            routes.Add("POST", path);
        }
        return routes;
    }

    /// <summary>The <c>fault</c> labels of <c>monitoringstack_chaos_fault_active</c>: every lasting fault of the catalogue, which includes the documented ones.</summary>
    public static IReadOnlyList<string> GaugeLabels()
    {
        string[] documented = ["cpu", "errors", "hang", "latency", "memory"];
        var lasting = FaultCatalogue.Faults.Where(f => f.IsLasting).Select(f => f.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Subset(lasting.ToHashSet(), documented.ToHashSet());
        return lasting;
    }
}
