namespace MonitoringStack.LoadGen.Profiles;

/// <summary>A profile file that cannot be used. The message starts with <c>file:line:column: field:</c>.</summary>
public sealed class ProfileException : Exception
{
    public ProfileException(string source, int line, int column, string field, string problem, Exception? inner = null)
        : base($"{source}:{line}:{column}: {field}: {problem}", inner)
    {
        SourceName = source;
        Line = line;
        Column = column;
        Field = field;
        Problem = problem;
    }

    public ProfileException() : this("profile", 0, 0, "", "invalid profile")
    {
    }

    public ProfileException(string message) : base(message)
    {
        Field = "";
        Problem = message;
    }

    public ProfileException(string message, Exception innerException) : base(message, innerException)
    {
        Field = "";
        Problem = message;
    }

    /// <summary>File name (or other label) of the profile text.</summary>
    public string? SourceName { get; }

    /// <summary>1-based line of the offending node.</summary>
    public int Line { get; }

    public int Column { get; }

    /// <summary>Path of the offending field, e.g. <c>phases[1].rate</c>.</summary>
    public string Field { get; }

    public string Problem { get; }
}
