namespace MonitoringStack.AppHost;

/// <summary>
/// A bad argument or setting (an unknown verb, option or key, a value out of range): the AppHost prints its
/// one-line message, starts nothing and exits with 2. Problems of the machine rather than of the input (a
/// missing program, a port held by another program) are <see cref="StackConfigurationException"/>s, exit 1.
/// </summary>
public sealed class StackInputException : Exception
{
    public const int ExitCode = 2;

    public StackInputException(string message) : base(message) { }
    public StackInputException(string message, Exception inner) : base(message, inner) { }
    public StackInputException() { }
}
