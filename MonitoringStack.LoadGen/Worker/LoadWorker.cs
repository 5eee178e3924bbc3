using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonitoringStack.Load.Engine;

namespace MonitoringStack.LoadGen.Worker;

/// <summary>Runs the configured profile (or constant rate) again and again until the host stops.</summary>
internal sealed partial class LoadWorker(LoadRunner runner, WorkerSettings settings, WorkerStatus status, ILogger<LoadWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var profile = settings.Profile;
        if (settings.RateOverride is double forced)
        {
            runner.Control.SetRate(forced);
        }
        LogStarting(profile.Name, settings.Target, profile.Duration, settings.Loop);
        do
        {
            var result = await runner.RunAsync(profile, settings.Target, status, stoppingToken);
            status.LoopFinished(result);
            var total = result.Total;
            LogLoop(total.Sent, total.SentRate, total.Errors.Total, total.Dropped, total.Latency.P50Ms, total.Latency.P99Ms);
        }
        while (settings.Loop && !stoppingToken.IsCancellationRequested);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Load worker: profile {Profile} against {Target}, {Duration} per loop, loop={Loop}")]
    private partial void LogStarting(string profile, Uri target, TimeSpan duration, bool loop);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loop done: sent {Sent} ({Rate:0.0}/s), errors {Errors}, dropped {Dropped}, p50 {P50} ms, p99 {P99} ms")]
    private partial void LogLoop(long sent, double rate, long errors, long dropped, double p50, double p99);
}
