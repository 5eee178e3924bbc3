using System.Diagnostics;
using System.Text;

namespace MonitoringStack.TargetSimulator;

/// <summary>
/// The current exposition as bytes, re-rendered once a second and shared by every target: the part
/// before and after the instance name, so a scrape costs one header and three buffer writes, not a
/// render. Targets move in step (the same counts at the same second), which is what N replicas behind
/// a round-robin balancer look like.
/// </summary>
internal sealed class ExpositionFrames : IDisposable
{
    private readonly RecordedExposition _exposition;
    private readonly double _requestsPerSecond;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;
    private Frame _current;

    public ExpositionFrames(RecordedExposition exposition, double requestsPerSecond)
    {
        _exposition = exposition;
        _requestsPerSecond = requestsPerSecond;
        _current = Render();
        _timer = new Timer(_ => Volatile.Write(ref _current, Render()), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public Frame Current => Volatile.Read(ref _current);

    public void Dispose() => _timer.Dispose();

    private Frame Render()
    {
        var text = _exposition.Render(_clock.Elapsed.TotalSeconds, _requestsPerSecond);
        var at = text.IndexOf(RecordedExposition.InstanceToken, StringComparison.Ordinal);
        const string prefix = "service_instance_id=\"";
        return new Frame(
            Encoding.UTF8.GetBytes(text[..(at + prefix.Length)]),
            Encoding.UTF8.GetBytes(text[(at + RecordedExposition.InstanceToken.Length - 1)..]));
    }
}

/// <summary>One rendering: <see cref="Head"/> + the target's instance name + <see cref="Tail"/>.</summary>
internal sealed record Frame(byte[] Head, byte[] Tail);
