using System.Text.Json;

namespace MonitoringStack.Lab.Alerts;

/// <summary>One alert inside an Alertmanager webhook notification.</summary>
public sealed record ReceivedAlert(string AlertName, string Status, IReadOnlyDictionary<string, string> Labels, DateTimeOffset? StartsAt);

/// <summary>
/// One Alertmanager notification as the receiver got it: its arrival time (what detection time is
/// measured with), the path it was posted to (<c>/alerts</c>, <c>/slack</c>) and the alerts it carries.
/// </summary>
public sealed record AlertNotification(DateTimeOffset ReceivedAt, string Path, string Status, IReadOnlyList<ReceivedAlert> Alerts, JsonElement Payload)
{
    public static AlertNotification Parse(DateTimeOffset receivedAt, string path, JsonElement payload)
    {
        var alerts = new List<ReceivedAlert>();
        if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("alerts", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var alert in list.EnumerateArray())
            {
                var labels = new Dictionary<string, string>(StringComparer.Ordinal);
                if (alert.TryGetProperty("labels", out var labelObject) && labelObject.ValueKind == JsonValueKind.Object)
                {
                    foreach (var label in labelObject.EnumerateObject())
                    {
                        labels[label.Name] = label.Value.ToString();
                    }
                }
                DateTimeOffset? startsAt = alert.TryGetProperty("startsAt", out var s) && s.TryGetDateTimeOffset(out var parsed) ? parsed : null;
                alerts.Add(new ReceivedAlert(labels.GetValueOrDefault("alertname", ""), Text(alert, "status"), labels, startsAt));
            }
        }
        return new AlertNotification(receivedAt, path, Text(payload, "status"), alerts, payload);
    }

    private static string Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) ? value.ToString() : "";
}
