using System.Text.Json;

namespace MonitoringStack.Hosting;

/// <summary>
/// Every notification, in arrival order, in memory and appended (and flushed) to a JSON-lines file, so a
/// crash of the receiver loses nothing that was acknowledged and a restart serves the history again.
/// </summary>
public sealed class NotificationJournal
{
    private readonly List<ReceivedNotification> _notifications = [];
    private readonly Lock _gate = new();
    private readonly string? _path;

    public NotificationJournal(string? path)
    {
        _path = string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path);
        if (_path is null)
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        if (File.Exists(_path))
        {
            foreach (var line in File.ReadLines(_path).Where(l => l.Length > 0))
            {
                try
                {
                    _notifications.Add(JsonSerializer.Deserialize(line, NotificationJson.Default.ReceivedNotification)!);
                }
                catch (JsonException)
                {
                    // A line torn by a crash in the middle of a write: everything before it is intact.
                }
            }
        }
    }

    public string? FilePath => _path;

    public void Add(ReceivedNotification notification)
    {
        var line = JsonSerializer.Serialize(notification, NotificationJson.Default.ReceivedNotification) + "\n";
        lock (_gate)
        {
            if (_path is not null)
            {
                using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                using var writer = new StreamWriter(stream);
                writer.Write(line);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            _notifications.Add(notification);
        }
    }

    public IReadOnlyList<ReceivedNotification> Since(DateTimeOffset? since)
    {
        lock (_gate)
        {
            return since is { } from ? _notifications.Where(n => n.ReceivedAt >= from).ToArray() : [.. _notifications];
        }
    }
}
