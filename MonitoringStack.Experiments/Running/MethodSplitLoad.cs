using System.Diagnostics;
using MonitoringStack.Experiments.Definitions;
using MonitoringStack.Experiments.Observation;
using MonitoringStack.Load.Engine;

namespace MonitoringStack.Experiments.Running;

/// <summary>
/// An experiment's open-model load, one arrival stream per HTTP method of its mix (GET at the GET share
/// of the rate, POST at the POST share), so the clients' figures can be told apart by method: nginx
/// retries a failed GET on another replica but never a POST that reached one. Together the streams
/// offer the definition's rate and mix. Every request is also recorded in <see cref="All"/>.
/// </summary>
public sealed class MethodSplitLoad : IDisposable
{
    private readonly List<LoadRunner> _runners = [];
    private readonly Dictionary<string, ClientTimelineRecorder> _byMethod = new(StringComparer.Ordinal);

    public ClientTimelineRecorder All { get; } = new();

    public IReadOnlyDictionary<string, ClientTimelineRecorder> ByMethod => _byMethod;

    /// <summary>Starts every stream against <paramref name="target"/>; the task ends when all have.</summary>
    public Task StartAsync(string name, LoadDefinition load, Uri target, long originTimestamp, CancellationToken cancellationToken)
    {
        var tasks = new List<Task>();
        foreach (var (method, profile) in ExperimentLoad.ByMethod(name, load))
        {
            var recorder = new ClientTimelineRecorder();
            _byMethod[method] = recorder;
            var runner = new LoadRunner
            {
                Observer = o =>
                {
                    var second = (o.IntendedTimestamp - originTimestamp) / (double)Stopwatch.Frequency;
                    TimeSpan? latency = o.Dropped ? null : o.Latency;
                    var shed = o.Status == (int)System.Net.HttpStatusCode.ServiceUnavailable;
                    All.Record(second, latency, o.Succeeded, shed);
                    recorder.Record(second, latency, o.Succeeded, shed);
                },
            };
            _runners.Add(runner);
            tasks.Add(runner.RunAsync(profile, target, null, cancellationToken));
        }
        return Task.WhenAll(tasks);
    }

    public void Dispose()
    {
        foreach (var runner in _runners)
        {
            runner.Dispose();
        }
    }
}
