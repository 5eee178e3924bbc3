using MonitoringStack.Load.Engine;

namespace MonitoringStack.LoadGen.Worker;

/// <summary>What <c>GET /status</c> shows: the latest progress report and the last finished loop.</summary>
public sealed class WorkerStatus : IProgress<LoadProgress>
{
    private LoadProgress? _progress;
    private PhaseResult? _lastLoop;
    private int _loops;

    public LoadProgress? Progress => Volatile.Read(ref _progress);
    public PhaseResult? LastLoop => Volatile.Read(ref _lastLoop);
    public int CompletedLoops => Volatile.Read(ref _loops);

    public void Report(LoadProgress value) => Volatile.Write(ref _progress, value);

    public void LoopFinished(LoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Volatile.Write(ref _lastLoop, result.Total);
        Interlocked.Increment(ref _loops);
    }
}
