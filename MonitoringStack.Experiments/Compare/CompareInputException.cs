namespace MonitoringStack.Experiments.Compare;

/// <summary>A run that cannot be compared (missing, unreadable, truncated, too old, nothing in common): exit 2 with its one-line message.</summary>
public sealed class CompareInputException : Exception
{
    public const int ExitCode = 2;

    public CompareInputException(string message) : base(message) { }

    public CompareInputException(string message, Exception inner) : base(message, inner) { }

    public CompareInputException() { }
}
