using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace MonitoringStack.Api.Work;

/// <summary>The work an order costs: a busy CPU spin, then an I/O wait that uses no CPU.</summary>
public sealed class SimulatedWork(IOptions<WorkOptions> options)
{
    private readonly TimeSpan _cpuCost = TimeSpan.FromMilliseconds(options.Value.CpuCostMs);
    private readonly TimeSpan _ioWait = TimeSpan.FromMilliseconds(options.Value.IoWaitMs);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        SpinFor(_cpuCost);
        if (_ioWait > TimeSpan.Zero)
        {
            await Task.Delay(_ioWait, cancellationToken);
        }
    }

    /// <summary>Really burns CPU (what a parser or a hash would do), measured in wall time.</summary>
    private static void SpinFor(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return;
        }
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < duration)
        {
            Thread.SpinWait(64);
        }
    }
}
