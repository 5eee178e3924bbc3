namespace MonitoringStack.Faults.Switches;

/// <summary>Threads that spin on CPU until the fault ends (a hot loop in a real service).</summary>
public static class CpuBurner
{
    public static IDisposable? Start(int threads, CancellationToken ended)
    {
        for (var i = 0; i < threads; i++)
        {
            // Dedicated threads, not thread-pool work: the burn must not starve request handling
            // by occupying pool threads, only by competing for cores, like a real hot loop.
            var thread = new Thread(() =>
            {
                while (!ended.IsCancellationRequested)
                {
                    Thread.SpinWait(10_000);
                }
            })
            {
                IsBackground = true,
                Name = $"chaos-cpu-{i}",
            };
            thread.Start();
        }
        // The threads stop on the end token; nothing else to release.
        return null;
    }
}
