using System.Diagnostics;
using MonitoringStack.Lab.Stack;
using MonitoringStack.Lab.Supervision;

namespace MonitoringStack.Lab.Faults;

/// <summary>
/// Cuts one process off the network with iptables: every TCP packet to its port and from its port on
/// 127.0.0.1 is dropped, so clients (nginx, Prometheus) see timeouts, as with a real partition. Each
/// rule carries the comment <c>monitoringstack-&lt;stackId&gt;-&lt;resource&gt;</c>, so heal, shutdown and the
/// next start find exactly this stack's rules (another stack on the machine keeps its own).
/// Needs root (CAP_NET_ADMIN); without it <see cref="Cut"/> throws <see cref="FaultNotSupportedException"/>.
/// </summary>
public static class NetworkPartition
{
    public const string TagPrefix = "monitoringstack-";

    public static string Tag(string stackId, string resource) => $"{TagPrefix}{stackId}-{resource}";

    public static void Cut(string stackId, string resource, int port)
    {
        if (!Posix.IsRoot)
        {
            throw new FaultNotSupportedException(
                $"partition needs root: it adds iptables rules, and the Lab runs as user {Environment.UserName}. " +
                "Run the Lab as root, or use 'fault pause' (SIGSTOP): the replica then stops answering too, " +
                "but the kernel still accepts its connections, so clients see timeouts rather than dropped packets.");
        }
        var iptables = Binaries.Require(Binaries.Iptables);
        var tag = Tag(stackId, resource);
        var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Inbound to the process, and its answers on connections that already exist.
        Run(iptables, ["-w", "-I", "INPUT", "-p", "tcp", "-d", "127.0.0.1", "--dport", portText, "-m", "comment", "--comment", tag, "-j", "DROP"]);
        Run(iptables, ["-w", "-I", "INPUT", "-p", "tcp", "-s", "127.0.0.1", "--sport", portText, "-m", "comment", "--comment", tag, "-j", "DROP"]);
    }

    /// <summary>Removes the rules of one resource; returns the removed rules.</summary>
    // The trailing space makes "api-1" not match "api-10".
    public static IReadOnlyList<string> Heal(string stackId, string resource) => RemoveMatching(Tag(stackId, resource) + " ");

    /// <summary>Removes every rule of one stack (shutdown, leftovers); returns the removed rules.</summary>
    public static IReadOnlyList<string> RemoveRules(string stackId) => RemoveMatching(TagPrefix + stackId + "-");

    private static List<string> RemoveMatching(string tagStart)
    {
        if (!Posix.IsRoot || Binaries.Find(Binaries.Iptables) is not { } iptables)
        {
            return [];
        }
        var removed = new List<string>();
        foreach (var rule in Run(iptables, ["-w", "-S", "INPUT"]).Split('\n'))
        {
            // "-A INPUT ... --comment monitoringstack-<id>-api-1 -j DROP"
            if (!rule.StartsWith("-A ", StringComparison.Ordinal) || !rule.Contains("--comment " + tagStart, StringComparison.Ordinal))
            {
                continue;
            }
            var spec = rule[3..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Run(iptables, ["-w", "-D", .. spec]);
            removed.Add(rule);
        }
        return removed;
    }

    private static string Run(string fileName, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new LabException($"could not run {fileName}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
        {
            process.Kill();
            throw new LabException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within 15 s");
        }
        if (process.ExitCode != 0)
        {
            throw new LabException($"{fileName} {string.Join(' ', info.ArgumentList)} failed: {error.Trim()}");
        }
        return output.Result;
    }
}
