using System.ComponentModel.DataAnnotations;

namespace MonitoringStack.Api.Telemetry;

/// <summary>Resource budget of one instance (section <c>Resources</c>).</summary>
public sealed class ResourceOptions
{
    public const string Section = "Resources";

    /// <summary>
    /// The memory budget the memory-pressure alert compares the working set against
    /// (<c>monitoringstack_process_memory_limit_bytes</c>). A setting, not a cgroup reading: local
    /// mode runs host processes without a cgroup limit, and the alert must work there too.
    /// </summary>
    [Range(16, 1_048_576)]
    public int MemoryLimitMegabytes { get; set; } = 512;
}
