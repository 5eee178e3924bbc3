namespace MonitoringStack.Load.Engine;

/// <summary>Why a request failed; the <c>kind</c> label of <c>loadgen_errors_total</c>.</summary>
public enum ErrorKind
{
    /// <summary>The target answered with a status of 400 or more.</summary>
    Status,
    /// <summary>No complete answer within the profile's request timeout.</summary>
    Timeout,
    /// <summary>No answer at all: refused, reset, closed mid-response, or the name did not resolve.</summary>
    Connection,
}

public static class ErrorKindExtensions
{
    /// <summary>The lower-case label value used in metrics and JSON.</summary>
    public static string Label(this ErrorKind kind) => kind switch
    {
        ErrorKind.Status => "status",
        ErrorKind.Timeout => "timeout",
        _ => "connection",
    };
}
