using System.Globalization;

namespace MonitoringStack.TargetSimulator;

/// <summary>
/// <c>--targets N --base-port P [--rate R] [--fixture FILE] [--control-port C]</c>. Target i listens on
/// 127.0.0.1:(P+i) and is the replica <c>api-i</c>; the control port takes targets away and back.
/// </summary>
internal sealed record SimulatorOptions(int Targets, int BasePort, double RequestsPerSecond, string Fixture, int ControlPort)
{
    public static SimulatorOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Int(string name, int? fallback = null) =>
            Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture)
            : fallback ?? throw new ArgumentException($"{name} is required");
        var known = new HashSet<string>(StringComparer.Ordinal) { "--targets", "--base-port", "--rate", "--fixture", "--control-port" };
        foreach (var name in args.Where((_, i) => i % 2 == 0))
        {
            if (!known.Contains(name))
            {
                throw new ArgumentException($"unknown option '{name}': only {string.Join(", ", known)}");
            }
        }
        var targets = Int("--targets");
        var basePort = Int("--base-port");
        var options = new SimulatorOptions(
            targets,
            basePort,
            Value("--rate") is { } rate ? double.Parse(rate, CultureInfo.InvariantCulture) : 10,
            Value("--fixture") ?? Path.Combine(AppContext.BaseDirectory, "Fixtures", "api-exposition.txt"),
            Int("--control-port", basePort - 1));
        if (targets < 1 || basePort < 1024 || basePort + targets - 1 > 65535)
        {
            throw new ArgumentException($"--targets {targets} from --base-port {basePort} does not fit in ports 1024-65535");
        }
        if (options.ControlPort >= basePort && options.ControlPort < basePort + targets)
        {
            throw new ArgumentException($"--control-port {options.ControlPort} is one of the targets' ports");
        }
        if (options.RequestsPerSecond < 0)
        {
            throw new ArgumentException("--rate must be 0 or more requests/s per target");
        }
        return options;
    }
}
