using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using MonitoringStack.Faults.Switches;

namespace MonitoringStack.Faults;

/// <summary>How a switch shows on the dashboard: the command's name, its description, icon and the question asked first.</summary>
public sealed record DashboardButton(string DisplayName, string Description, string IconName, string? ConfirmationMessage = null);

/// <summary>
/// One route under <c>/chaos</c> that the dashboard and the experiments call: a fault (<see cref="SwitchFault"/>)
/// or <see cref="FaultCatalogue.Reset"/>. Its <see cref="Name"/> is the route's last segment, the experiments'
/// <c>fault:</c>, the <c>fault</c> label of <c>monitoringstack_chaos_fault_active</c> and, after <c>chaos-</c>,
/// the dashboard command.
/// </summary>
public class FaultSwitch
{
    /// <summary>Where the switches are mapped.</summary>
    public const string RoutePrefix = "/chaos";

    internal FaultSwitch(string name, DashboardButton button)
    {
        Name = name;
        Button = button;
    }

    /// <summary>Lower case, as in the route: <c>latency</c> for <c>/chaos/latency</c>.</summary>
    public string Name { get; }

    /// <summary>The route the switch answers on (POST).</summary>
    public string Path => $"{RoutePrefix}/{Name}";

    /// <summary>The dashboard command on each replica (<c>chaos-latency</c>); the experiments run it too.</summary>
    public string CommandName => "chaos-" + Name;

    public DashboardButton Button { get; }

    public override string ToString() => Name;
}

/// <summary>
/// A fault the switches inject: its parameters (the request record, validated by its attributes), whether and
/// how long it lasts, the dashboard's preset and what it is on a cluster with Chaos Mesh. Built only by
/// <see cref="FaultCatalogue"/>; <see cref="SwitchFault{T}"/> carries the typed parts.
/// </summary>
public abstract class SwitchFault : FaultSwitch
{
    private protected SwitchFault(string name, [DynamicallyAccessedMembers(FaultParameter.RecordMembers)] Type requestType, JsonTypeInfo jsonType,
        string? durationKey, DashboardButton button) : base(name, button)
    {
        RequestType = requestType;
        JsonType = jsonType;
        Parameters = FaultParameter.Of(requestType);
        if (durationKey is not null)
        {
            Duration = Parameters.FirstOrDefault(p => p.PropertyName == durationKey && p.Type == typeof(int))
                ?? throw new ArgumentException($"{name}: the duration key {durationKey} is not a whole-number parameter of {requestType.Name}", nameof(durationKey));
        }
    }

    /// <summary>The request record (<see cref="LatencyFault"/> …): the body of <see cref="FaultSwitch.Path"/>.</summary>
    [DynamicallyAccessedMembers(FaultParameter.RecordMembers)]
    public Type RequestType { get; }

    /// <summary>The request record's JSON contract, generated at compile time (<see cref="FaultJson"/>).</summary>
    public JsonTypeInfo JsonType { get; }

    /// <summary>The request's parameters as the JSON body, the dashboard's arguments and the experiments' <c>body:</c> name them.</summary>
    public IReadOnlyList<FaultParameter> Parameters { get; }

    /// <summary>The parameter that says how many seconds the fault lasts (the duration key); null for an instant fault (crash).</summary>
    public FaultParameter? Duration { get; }

    /// <summary>Lasting faults stay in force for <see cref="Duration"/> seconds: they have a gauge series and reset ends them.</summary>
    [MemberNotNullWhen(true, nameof(Duration))]
    public bool IsLasting => Duration is not null;

    /// <summary>The dashboard command's arguments start at these values (one click applies them).</summary>
    public abstract FaultRequest Preset { get; }

    /// <summary>Reads parameters given as text (dashboard arguments, an experiment's <c>body:</c>) and checks them as the API does.</summary>
    /// <exception cref="FaultRequestException">A parameter is unknown, missing, not a number or out of range.</exception>
    public FaultRequest Read(IReadOnlyDictionary<string, string?> values) =>
        TryRead(values, out var request, out var errors) ? request : throw new FaultRequestException(this, errors);

    /// <summary>Reads and checks parameters given as text; false with the errors by parameter name when they do not make a valid request.</summary>
    public bool TryRead(IReadOnlyDictionary<string, string?> values, [NotNullWhen(true)] out FaultRequest? request, out IReadOnlyDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(values);
        var value = FaultParameter.Bind(this, values, out errors);
        request = value is null ? null : new FaultRequest(this, value);
        return request is not null;
    }

    internal abstract void Accept(ISwitchFaultVisitor visitor);

    internal abstract ChaosMeshFault ChaosMeshOf(object request, ChaosMeshPod pod);
}

/// <summary>A fault of the catalogue with its request record <typeparamref name="T"/> and what the switches do for it.</summary>
public sealed class SwitchFault<[DynamicallyAccessedMembers(FaultParameter.RecordMembers)] T> : SwitchFault where T : class
{
    private readonly Func<T, ChaosMeshPod, ChaosMeshFault> _chaosMesh;

    internal SwitchFault(string name, JsonTypeInfo<T> jsonType, T preset, string? durationKey, DashboardButton button, Func<T, ChaosMeshPod, ChaosMeshFault> chaosMesh)
        : base(name, typeof(T), jsonType, durationKey, button)
    {
        JsonType = jsonType;
        _chaosMesh = chaosMesh;
        Preset = new FaultRequest(this, preset);
    }

    public override FaultRequest Preset { get; }

    /// <inheritdoc cref="SwitchFault.JsonType"/>
    public new JsonTypeInfo<T> JsonType { get; }

    /// <summary>Lasting: takes what the fault holds while in force (threads, memory) and gets the token that ends it; what it returns is disposed at the end. Null when the switches' middlewares apply the fault (latency, errors, hang).</summary>
    internal Func<T, CancellationToken, IDisposable?>? Hold { get; init; }

    /// <summary>Instant: what happens once the answer has left (the crash).</summary>
    internal Action<T>? AfterAnswer { get; init; }

    /// <summary>Instant: the body of the 202 answer.</summary>
    internal Func<T, CrashAnswer>? Answer { get; init; }

    internal override void Accept(ISwitchFaultVisitor visitor) => visitor.Visit(this);

    internal override ChaosMeshFault ChaosMeshOf(object request, ChaosMeshPod pod) => _chaosMesh((T)request, pod);
}

/// <summary>Handles each fault with its own request type (the switches map one typed route per fault).</summary>
internal interface ISwitchFaultVisitor
{
    void Visit<[DynamicallyAccessedMembers(FaultParameter.RecordMembers)] T>(SwitchFault<T> fault) where T : class;
}

/// <summary>Parameters that do not make a valid request of a fault, by parameter name.</summary>
public sealed class FaultRequestException : Exception
{
    public FaultRequestException(SwitchFault fault, IReadOnlyDictionary<string, string[]> errors)
        : base($"{fault?.Name}: {string.Join("; ", (errors ?? new Dictionary<string, string[]>()).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}")
    {
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    public FaultRequestException() : this("bad fault parameters") { }
    public FaultRequestException(string message) : base(message) => Errors = new Dictionary<string, string[]>();
    public FaultRequestException(string message, Exception inner) : base(message, inner) => Errors = new Dictionary<string, string[]>();

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
