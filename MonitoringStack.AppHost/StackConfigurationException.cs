namespace MonitoringStack.AppHost;

/// <summary>
/// Something the user can fix before the stack starts (a missing binary, a bad setting, a port held by
/// another program). The AppHost prints its message, without a stack trace, and exits with 1.
/// </summary>
public sealed class StackConfigurationException : Exception
{
    public StackConfigurationException(string message) : base(message) { }
    public StackConfigurationException(string message, Exception inner) : base(message, inner) { }
    public StackConfigurationException() { }
}
