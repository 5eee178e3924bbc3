namespace MonitoringStack.Experiments.Running;

/// <summary>
/// The per-instance CPU and memory gauges the report charts, as the MonitoringStack API exports them. Another
/// service lacks them: the queries then find no series, and the charts and columns that show them are left
/// out of the report (not a failure of the experiment).
/// </summary>
internal static class ProcessMetrics
{
    /// <summary>CPU used by each instance of <paramref name="job"/>, 0..1 of one core.</summary>
    public static string CpuRatio(string job) => $"monitoringstack_process_cpu_utilization_ratio{{job=\"{job}\"}}";

    /// <summary>Memory of each instance of <paramref name="job"/>, in bytes.</summary>
    public static string MemoryBytes(string job) => $"monitoringstack_process_memory_usage_bytes{{job=\"{job}\"}}";
}
