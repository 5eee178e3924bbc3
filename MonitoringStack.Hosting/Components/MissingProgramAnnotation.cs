using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>Marks an executable component whose program is not installed: it is not started, and says why.</summary>
internal sealed record MissingProgramAnnotation(HostProgram Program) : IResourceAnnotation;
