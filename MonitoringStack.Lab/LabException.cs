namespace MonitoringStack.Lab;

/// <summary>An error the user can act on; the command line prints its message without a stack trace.</summary>
public sealed class LabException : Exception
{
    public LabException(string message) : base(message) { }
    public LabException(string message, Exception inner) : base(message, inner) { }
    public LabException() { }
}
