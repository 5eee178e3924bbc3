using System.Globalization;

namespace MonitoringStack.Faults;

/// <summary>The pods a cluster fault is aimed at: the API's port, its container and the application routes an HTTP fault hits.</summary>
public sealed record ChaosMeshPod(int Port, string Container, string HttpPath);

/// <summary>
/// A fault as a Chaos Mesh object (chaos-mesh.org/v1alpha1) on one pod of the API: its kind (<c>HTTPChaos</c>,
/// <c>StressChaos</c>, <c>PodChaos</c> …), its <c>action</c> when the kind has one, the rest of the spec after
/// <c>mode</c> and <c>selector</c> (which the generator writes) and what it does on a cluster.
/// </summary>
public sealed record ChaosMeshFault(string Kind, string? Action, ChaosMeshSpec Spec, string Note);

/// <summary>
/// Spec fields in the order they are written. A value is text, a whole number, a list of text or a nested
/// spec: <c>new ChaosMeshSpec { ["delay"] = "500ms", ["stressors"] = new ChaosMeshSpec { … } }</c>.
/// </summary>
public sealed class ChaosMeshSpec
{
    private readonly List<KeyValuePair<string, object>> _entries = [];

    public IReadOnlyList<KeyValuePair<string, object>> Entries => _entries;

    public object this[string key]
    {
        get => _entries.First(e => e.Key == key).Value;
        set
        {
            if (value is not (string or int or IReadOnlyList<string> or ChaosMeshSpec))
            {
                throw new ArgumentException($"{key}: a Chaos Mesh spec value is text, a whole number, a list of text or a spec, not {value?.GetType().Name ?? "null"}", nameof(value));
            }
            _entries.RemoveAll(e => e.Key == key);
            _entries.Add(new(key, value));
        }
    }

    /// <summary>A Chaos Mesh duration (<c>50s</c>).</summary>
    public static string Seconds(int seconds) => seconds.ToString(CultureInfo.InvariantCulture) + "s";
}
