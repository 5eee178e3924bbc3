using System.Diagnostics;
using System.Globalization;

namespace MonitoringStack.Hosting;

/// <summary>
/// Cuts one replica off the network with iptables: every TCP packet to and from its port on 127.0.0.1
/// is dropped, so nginx and Prometheus see timeouts, as with a real partition. Each rule carries the
/// comment <c>monitoringstack-&lt;stack&gt;-&lt;resource&gt;</c>, so heal, shutdown and the next start remove
/// exactly this stack's rules. Needs root (CAP_NET_ADMIN).
/// </summary>
public sealed class NetworkPartition(string stackId)
{
    public const string TagPrefix = "monitoringstack-";

    public string Tag(string resource) => $"{TagPrefix}{stackId}-{resource}";

    /// <summary>Why a partition cannot be made here, or null when it can.</summary>
    public static string? WhyNot() =>
        !ProcessSignals.IsRoot
            ? $"a partition adds iptables rules and needs root; the AppHost runs as {Environment.UserName}. Run it as root, or use Pause (SIGSTOP): the replica then stops answering too, but its connections are still accepted, so clients see timeouts rather than dropped packets."
            : Iptables() is null ? "iptables is not installed (Debian/Ubuntu package iptables)" : null;

    public void Cut(string resource, int port)
    {
        var iptables = Iptables() ?? throw new InvalidOperationException(WhyNot());
        var portText = port.ToString(CultureInfo.InvariantCulture);
        // Inbound to the process, and its answers on connections that already exist.
        Run(iptables, ["-w", "-I", "INPUT", "-p", "tcp", "-d", "127.0.0.1", "--dport", portText, "-m", "comment", "--comment", Tag(resource), "-j", "DROP"]);
        Run(iptables, ["-w", "-I", "INPUT", "-p", "tcp", "-s", "127.0.0.1", "--sport", portText, "-m", "comment", "--comment", Tag(resource), "-j", "DROP"]);
    }

    // The trailing space makes "api-1" not match "api-10".
    public IReadOnlyList<string> Heal(string resource) => RemoveMatching(Tag(resource) + " ");

    /// <summary>Every rule of this stack (shutdown, and leftovers of a crashed AppHost at start).</summary>
    public IReadOnlyList<string> HealAll() => RemoveMatching($"{TagPrefix}{stackId}-");

    private static List<string> RemoveMatching(string tagStart)
    {
        if (!ProcessSignals.IsRoot || Iptables() is not { } iptables)
        {
            return [];
        }
        var removed = new List<string>();
        foreach (var rule in Run(iptables, ["-w", "-S", "INPUT"]).Split('\n'))
        {
            // "-A INPUT ... --comment monitoringstack-<id>-api-1 -j DROP"
            if (rule.StartsWith("-A ", StringComparison.Ordinal) && rule.Contains("--comment " + tagStart, StringComparison.Ordinal))
            {
                Run(iptables, ["-w", "-D", .. rule[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
                removed.Add(rule);
            }
        }
        return removed;
    }

    private static readonly string[] IptablesPaths = ["/usr/sbin/iptables", "/sbin/iptables", "/usr/bin/iptables"];

    private static string? Iptables() => IptablesPaths.FirstOrDefault(File.Exists);

    private static string Run(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not run {fileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            process.Kill();
            throw new InvalidOperationException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within 15 s");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', info.ArgumentList)} failed: {error.Trim()}");
        }
        return output.Result;
    }
}
