using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MonitoringStack.Hosting;

namespace MonitoringStack.AppHost;

/// <summary>
/// Says at startup how the stack runs and why (also shown as properties of the dashboard's stack
/// resource), what was left out, what a previous crash left behind; and removes this stack's iptables
/// rules when the AppHost stops, so no partition outlives it.
/// </summary>
public sealed class StackAnnouncer(StackSettings stack, StartupNotes notes, NetworkPartition partition, ILogger<StackAnnouncer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var kind = stack.Infrastructure.Name;
        AnnouncerLog.Infrastructure(logger, kind, stack.Infrastructure.Reason);
        foreach (var note in notes.Lines)
        {
            AnnouncerLog.Note(logger, note);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var rule in partition.HealAll())
        {
            var note = $"removed iptables rule on shutdown: {rule}";
            AnnouncerLog.Note(logger, note);
        }
        return Task.CompletedTask;
    }
}

/// <summary>Things found while the model was built (leftovers cleaned, programs not installed) to log once the host runs.</summary>
public sealed record StartupNotes(IReadOnlyList<string> Lines);

internal static partial class AnnouncerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Infrastructure runs as {Kind}: {Reason}")]
    public static partial void Infrastructure(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Note}")]
    public static partial void Note(ILogger logger, string note);
}
