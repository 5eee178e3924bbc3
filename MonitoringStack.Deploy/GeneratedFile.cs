namespace MonitoringStack.Deploy;

/// <summary>One file under <c>deploy/</c>, by its path relative to the repository root ('/' separators).</summary>
public sealed record GeneratedFile(string RelativePath, string Content);
