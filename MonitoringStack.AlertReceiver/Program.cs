// Alertmanager's webhook receiver as a resource of the stack. Configuration: AlertReceiver:JournalFile
// (JSON lines; without it notifications live in memory only) and ASPNETCORE_URLS (the topology's
// webhookReceiver port on 127.0.0.1).
using Microsoft.AspNetCore.Server.Kestrel.Core;
using MonitoringStack.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = ReceiverEndpoints.MaxBodyBytes);
var journal = new NotificationJournal(builder.Configuration["AlertReceiver:JournalFile"]);

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapReceiverEndpoints(journal, app.Logger);
app.Run();
