namespace MonitoringStack.LoadGen.Cli;

/// <summary>Process exit codes (documented in the README; CI and scripts branch on them).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Bad arguments, an invalid profile or no target.</summary>
    public const int Usage = 2;
    /// <summary>At least one threshold failed (k6 uses the same number).</summary>
    public const int ThresholdsFailed = 99;
    /// <summary>Stopped by Ctrl+C/SIGTERM before the profile ended.</summary>
    public const int Interrupted = 130;
}
