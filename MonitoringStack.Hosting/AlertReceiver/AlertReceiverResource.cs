using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace MonitoringStack.Hosting;

/// <summary>
/// Alertmanager's webhook target, run inside the AppHost (no project, no container): it records every
/// notification with its arrival time, in memory and in a JSON-lines journal, and serves them at
/// <c>GET /notifications?since=&lt;ISO time&gt;</c>. Posts to any path are accepted (<c>/alerts</c>, <c>/slack</c>).
/// </summary>
public sealed class AlertReceiverResource(string name, int port, string journalFile, bool listenAnyAddress) : Resource(name), IResourceWithWaitSupport, IInProcessServerResource
{
    /// <summary>The port it listens on (fixed at build time, so Alertmanager's configuration can name it).</summary>
    public int Port { get; } = port;

    /// <summary>Where notifications are appended; read back at start, so a restart of the AppHost serves the history again.</summary>
    public string JournalFile { get; } = journalFile;

    /// <summary>True when containers must reach it (it then listens on every interface, not only 127.0.0.1).</summary>
    public bool ListenAnyAddress { get; } = listenAnyAddress;

    /// <summary>Where the AppHost (and you) read it.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The URL Alertmanager posts to: through the container host name when Alertmanager is a container.</summary>
    internal string WebhookUrl(bool fromContainer, string containerHostName) =>
        $"http://{(fromContainer ? containerHostName : "127.0.0.1")}:{Port.ToString(CultureInfo.InvariantCulture)}/alerts";
}
