using MonitoringStack.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddSingleton<ApiMetrics>();

var app = builder.Build();
app.MapDefaultEndpoints();

var identity = ServiceIdentity.From(app.Configuration, app.Environment);
app.MapGet("/", () => new
    {
        service = identity.ServiceName,
        version = identity.ServiceVersion,
        instance = identity.InstanceId,
    uptimeSeconds = (DateTimeOffset.UtcNow - identity.StartedAt).TotalSeconds,
});

app.Run();

/// <summary>Entry point marker for WebApplicationFactory.</summary>
public partial class Program;
