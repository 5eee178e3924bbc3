using System.Globalization;
using Microsoft.Extensions.Configuration;
using MonitoringStack.AppHost.Autoscaling;

namespace MonitoringStack.AppHost;

/// <summary>
/// Every setting the README documents under <c>Stack:</c>, <c>Experiments:</c> and <c>Parameters:</c>, checked
/// from every configuration source (appsettings.json, user secrets, <c>Stack__*</c> environment variables, the
/// command line) before anything starts: an unknown key or a bad value is a <see cref="StackInputException"/>
/// naming the key and what it takes. Keys outside these sections belong to Aspire and pass untouched. The
/// autoscaler's keys are checked against its policy's shape (<see cref="AutoscalingSettings"/>); the replica
/// count against the topology (<see cref="StackSettings.Load"/>).
/// </summary>
public static class StackSettingsCheck
{
    private static readonly string[] Sections = ["Stack", "Experiments", "Parameters"];

    /// <summary>What each key takes: a description for the message, and a test of the value. A secret's value is never echoed.</summary>
    private sealed record Rule(string Takes, Func<string, bool> Accepts, bool IsSecret = false);

    private static readonly Rule Boolean = new("true or false", v => bool.TryParse(v, out _));
    private static readonly Rule AnyPath = new("a path", v => !string.IsNullOrWhiteSpace(v) && v.IndexOf('\0', StringComparison.Ordinal) < 0);
    private static readonly Rule ExistingFile = new("the path of an existing file", File.Exists);
    private static readonly Rule Secret = new("a non-empty value", v => !string.IsNullOrEmpty(v), IsSecret: true);

    private static readonly Dictionary<string, Rule> Rules = new(StringComparer.OrdinalIgnoreCase)
    {
        [StackSettings.InfrastructureKey] = new("containers or executables", v => InfrastructureChoice.TryParse(v, out _)),
        [StackSettings.StateDirectoryKey] = AnyPath,
        [StackSettings.TopologyFileKey] = ExistingFile,
        [StackSettings.FreshDataKey] = Boolean,
        [StackSettings.ApiListenAnyAddressKey] = Boolean,
        [StackSettings.ReplicaBuildKey] = new("native or assembly", v => v.Equals("native", StringComparison.OrdinalIgnoreCase) || v.Equals("assembly", StringComparison.OrdinalIgnoreCase)),
        [StackSettings.ContainerHostNameKey] = new("a host name", v => Uri.CheckHostName(v) != UriHostNameType.Unknown),
        [StackSettings.ExperimentsOutKey] = AnyPath,
        [$"Parameters:{StackSettings.ReplicasParameter}"] = new("a whole number of replicas", v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)),
        // It travels in an HTTP header (X-Chaos-Token): visible ASCII only.
        [$"Parameters:{StackParameters.ChaosTokenName}"] = new("visible ASCII characters, no spaces", v => v.Length > 0 && v.All(c => c is > ' ' and < '\u007f'), IsSecret: true),
        [$"Parameters:{StackParameters.GrafanaAdminPasswordName}"] = Secret,
    };

    /// <summary>Whether <paramref name="key"/> is in one of the sections this AppHost owns (and so may follow a verb).</summary>
    public static bool IsStackKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Sections.Any(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether the AppHost takes <paramref name="key"/> (a setting of its own, a program's path, or any key of the autoscaler's section).</summary>
    public static bool IsKnownKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Rules.ContainsKey(key)
            || HostBinaries.Programs.Any(p => string.Equals(key, HostBinaries.SettingPrefix + p.Key, StringComparison.OrdinalIgnoreCase))
            || key.StartsWith(AutoscalingSettings.SectionKey + ":", StringComparison.OrdinalIgnoreCase);
    }

    /// <exception cref="StackInputException">The first unknown key or bad value, named.</exception>
    public static void Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var (key, value) in configuration.AsEnumerable().OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
        {
            // Sections have no value of their own; "$comment" keys explain a file.
            if (value is null || !IsStackKey(key) || key.Split(':').Any(segment => segment.StartsWith('$'))
                || key.StartsWith(AutoscalingSettings.SectionKey + ":", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (key.StartsWith(HostBinaries.SettingPrefix, StringComparison.OrdinalIgnoreCase))
            {
                CheckProgram(key, value);
                continue;
            }
            if (!Rules.TryGetValue(key, out var rule))
            {
                var section = key[..key.IndexOf(':', StringComparison.Ordinal)];
                throw new StackInputException($"unknown setting '{key}'; the settings under {section}: are {string.Join(", ", Known(section))}");
            }
            if (!rule.Accepts(value))
            {
                throw new StackInputException($"{key} must be {rule.Takes}, got {(rule.IsSecret ? "a value that is not (not shown: it is a secret)" : $"'{value}'")}");
            }
        }
    }

    private static void CheckProgram(string key, string value)
    {
        var setting = key[HostBinaries.SettingPrefix.Length..];
        if (!HostBinaries.Programs.Any(p => string.Equals(p.Key, setting, StringComparison.OrdinalIgnoreCase)))
        {
            throw new StackInputException($"unknown setting '{key}'; the programs are {string.Join(", ", HostBinaries.Programs.Select(p => HostBinaries.SettingPrefix + p.Key))}");
        }
        if (!ExistingFile.Accepts(value))
        {
            throw new StackInputException($"{key} must be {ExistingFile.Takes}, got '{value}'");
        }
    }

    private static IEnumerable<string> Known(string section) =>
        Rules.Keys.Where(k => k.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase))
            .Concat(string.Equals(section, "Stack", StringComparison.OrdinalIgnoreCase)
                ? [HostBinaries.SettingPrefix + "<program>", AutoscalingSettings.SectionKey + ":<key>"]
                : [])
            .Order(StringComparer.Ordinal);
}
