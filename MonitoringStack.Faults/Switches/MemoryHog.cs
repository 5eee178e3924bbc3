using System.Runtime;

namespace MonitoringStack.Faults.Switches;

/// <summary>
/// Holds <c>megabytes</c> of touched memory until disposed. Every page is written, so the memory is
/// resident (working set), not just reserved.
/// </summary>
public sealed class MemoryHog : IDisposable
{
    private const int ChunkBytes = 1024 * 1024;
    private List<byte[]>? _chunks;

    public MemoryHog(int megabytes)
    {
        _chunks = new List<byte[]>(megabytes);
        for (var i = 0; i < megabytes; i++)
        {
            var chunk = GC.AllocateUninitializedArray<byte>(ChunkBytes);
            chunk.AsSpan().Fill(0xA5);
            _chunks.Add(chunk);
        }
    }

    public void Dispose()
    {
        var chunks = Interlocked.Exchange(ref _chunks, null);
        if (chunks is null)
        {
            return;
        }
        // Drop the chunks themselves: a live reference to the list (a debug build keeps locals
        // alive to the end of the method) must not keep the memory alive.
        chunks.Clear();
        // Give the memory back to the OS now, so the working set falls when the fault ends
        // (an aggressive, compacting collection decommits the freed large-object regions).
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }
}
