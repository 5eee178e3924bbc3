namespace MonitoringStack.Api;

/// <summary>Answer of <c>GET /</c>: which replica answered, and since when it runs.</summary>
public sealed record ServiceInfo(string Service, string Version, string Instance, double UptimeSeconds);
