using System.Text.Json;
using System.Text.Json.Serialization;

namespace MonitoringStack.Hosting;

/// <summary>One alert inside a notification: what an experiment matches on.</summary>
public sealed record ReceivedAlert(string AlertName, string Status, IReadOnlyDictionary<string, string> Labels, DateTimeOffset? StartsAt);

/// <summary>
/// One Alertmanager notification as it arrived: the arrival time (what detection time is measured
/// with), the path it was posted to (<c>/alerts</c>; <c>/slack</c> when Slack points here), the group's
/// status and its alerts, and the raw payload for anything else.
/// </summary>
public sealed record ReceivedNotification(
    DateTimeOffset ReceivedAt, string Path, string Receiver, string Status, IReadOnlyList<ReceivedAlert> Alerts, JsonElement Payload)
{
    /// <exception cref="InvalidNotificationException">The payload is not an Alertmanager webhook body.</exception>
    public static ReceivedNotification Parse(DateTimeOffset receivedAt, string path, JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidNotificationException($"the body must be a JSON object, got {payload.ValueKind}");
        }
        var alerts = new List<ReceivedAlert>();
        if (payload.TryGetProperty("alerts", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidNotificationException($"'alerts' must be an array, got {list.ValueKind}");
            }
            foreach (var alert in list.EnumerateArray())
            {
                alerts.Add(ParseAlert(alert));
            }
        }
        return new ReceivedNotification(receivedAt, path, Text(payload, "receiver"), Text(payload, "status"), alerts, payload.Clone());
    }

    private static ReceivedAlert ParseAlert(JsonElement alert)
    {
        if (alert.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidNotificationException($"every item of 'alerts' must be an object, got {alert.ValueKind}");
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (alert.TryGetProperty("labels", out var labelObject) && labelObject.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in labelObject.EnumerateObject())
            {
                labels[label.Name] = label.Value.ToString();
            }
        }
        DateTimeOffset? startsAt = alert.TryGetProperty("startsAt", out var s) && s.ValueKind == JsonValueKind.String && s.TryGetDateTimeOffset(out var parsed) ? parsed : null;
        return new ReceivedAlert(labels.GetValueOrDefault("alertname", ""), Text(alert, "status"), labels, startsAt);
    }

    private static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}

/// <summary>A body that is JSON but not an Alertmanager notification; answered 400 with the reason.</summary>
public sealed class InvalidNotificationException : Exception
{
    public InvalidNotificationException(string message) : base(message) { }
    public InvalidNotificationException() { }
    public InvalidNotificationException(string message, Exception inner) : base(message, inner) { }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReceivedNotification))]
[JsonSerializable(typeof(IReadOnlyList<ReceivedNotification>))]
internal sealed partial class NotificationJson : JsonSerializerContext;
