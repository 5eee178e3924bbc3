using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MonitoringStack.Hosting;

/// <summary>
/// <c>POST /{path}</c>: Alertmanager's webhook (any path: <c>/alerts</c>, <c>/slack</c>).
/// <c>GET /notifications?since=&lt;ISO time&gt;</c>: what arrived, oldest first.
/// </summary>
public static class ReceiverEndpoints
{
    /// <summary>Alertmanager's biggest notifications are a few KB per alert; a megabyte is hundreds of alerts.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static void MapReceiverEndpoints(this WebApplication app, NotificationJournal journal, ILogger logger)
    {
        app.MapGet("/notifications", (string? since) =>
        {
            DateTimeOffset? from = null;
            if (!string.IsNullOrEmpty(since))
            {
                if (!DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    return Results.Problem($"'since' must be an ISO 8601 time, got '{since}'", statusCode: StatusCodes.Status400BadRequest);
                }
                from = parsed;
            }
            return Results.Json(journal.Since(from), NotificationJson.Default.IReadOnlyListReceivedNotification);
        });

        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            var receivedAt = DateTimeOffset.UtcNow;
            if (context.Request.ContentLength > MaxBodyBytes)
            {
                return Results.Problem($"the body is larger than {MaxBodyBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge);
            }
            ReceivedNotification notification;
            try
            {
                var payload = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
                notification = ReceivedNotification.Parse(receivedAt, context.Request.Path.Value ?? "/", payload);
            }
            catch (JsonException ex)
            {
                return Results.Problem($"the body is not valid JSON: {ex.Message}", statusCode: StatusCodes.Status400BadRequest);
            }
            catch (InvalidNotificationException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }
            journal.Add(notification);
            if (logger.IsEnabled(LogLevel.Information))
            {
                var alerts = string.Join(", ", notification.Alerts.Select(a => $"{a.AlertName}{(a.Labels.TryGetValue("instance", out var i) ? $" ({i})" : "")} {a.Status}"));
                ReceiverLog.Received(logger, notification.Status, notification.Path, alerts);
            }
            return Results.Ok();
        });
    }
}

internal static partial class ReceiverLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {Status} on {Path}: {Alerts}")]
    public static partial void Received(ILogger logger, string status, string path, string alerts);
}
