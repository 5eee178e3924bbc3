namespace MonitoringStack.Lab.Faults;

/// <summary>A fault this machine or user cannot inject (e.g. a network partition without root).</summary>
public sealed class FaultNotSupportedException : Exception
{
    public FaultNotSupportedException(string message) : base(message) { }
    public FaultNotSupportedException(string message, Exception inner) : base(message, inner) { }
    public FaultNotSupportedException() { }
}
