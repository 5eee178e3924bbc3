using System.Net.Sockets;
using System.Text.Json;
using MonitoringStack.Tests.Api;
using MonitoringStack.Tests.Infrastructure;

namespace MonitoringStack.Tests.Config;

/// <summary>
/// A real SMTP server on a free loopback port: scripts/smtp-sink.py (aiosmtpd, Debian python3-aiosmtpd),
/// which stores each accepted message as JSON (decoded subject, text and HTML parts, envelope).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly ManagedProcess _process;
    private readonly TempFolder _folder;

    public sealed record Mail(string[] Recipients, string From, string To, string Subject, string Text, string Html);

    private SmtpSink(ManagedProcess process, TempFolder folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string Smarthost => $"127.0.0.1:{Port}";

    public static async Task<SmtpSink> StartAsync()
    {
        var folder = new TempFolder("smtp");
        var port = FreePorts.Next();
        var process = ManagedProcess.Start("smtp-sink", HostTools.Python,
            [Path.Combine(RepositoryConfig.Root, "scripts", "smtp-sink.py"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", folder.Path]);
        var sink = new SmtpSink(process, folder, port);
        try
        {
            await Eventually.AssertAsync(async () =>
            {
                Assert.False(process.HasExited, $"smtp-sink exited (is python3-aiosmtpd installed? scripts/install-prerequisites.sh):\n{process.Output}");
                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync("127.0.0.1", port);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            }, "smtp-sink listening", TimeSpan.FromSeconds(15));
        }
        catch
        {
            await sink.DisposeAsync();
            throw;
        }
        return sink;
    }

    /// <summary>Every message received so far, in arrival order.</summary>
    public IReadOnlyList<Mail> Messages =>
        [.. Directory.EnumerateFiles(_folder.Path, "*.json").Order(StringComparer.Ordinal).Select(Read)];

    /// <summary>Waits until a message matching <paramref name="predicate"/> has arrived; fails after <paramref name="timeout"/>.</summary>
    public async Task<Mail> WaitForAsync(Func<Mail, bool> predicate, TimeSpan timeout, string what)
    {
        Mail? match = null;
        await Eventually.AssertAsync(() =>
        {
            match = Messages.FirstOrDefault(predicate);
            return Task.FromResult(match is not null);
        }, $"{what}; received: {string.Join("\n", Messages.Select(m => m.Subject))}\n{_process.Output}", timeout);
        return match!;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _folder.Dispose();
    }

    private static Mail Read(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        var root = document.RootElement;
        return new Mail([.. root.GetProperty("rcpt_tos").EnumerateArray().Select(r => r.GetString() ?? "")],
            root.GetProperty("from").GetString() ?? "", root.GetProperty("to").GetString() ?? "",
            root.GetProperty("subject").GetString() ?? "", root.GetProperty("text").GetString() ?? "",
            root.GetProperty("html").GetString() ?? "");
    }
}
