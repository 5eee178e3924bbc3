using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MonitoringStack.Faults;

/// <summary>
/// One parameter of a fault, read from its request record: the JSON name (<c>delayMs</c>), the type, the
/// range its <see cref="RangeAttribute"/> allows and the default of an optional one.
/// </summary>
public sealed record FaultParameter(string Name, string PropertyName, Type Type, double? Minimum, double? Maximum, bool Required)
{
    /// <summary>What a request record's type must keep when trimmed: its constructors and properties are read here.</summary>
    internal const DynamicallyAccessedMemberTypes RecordMembers = DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicProperties;

    private PropertyInfo Property { get; init; } = null!;

    /// <summary>The property's validation attributes (<see cref="RangeAttribute"/> …), checked as the API checks a body.</summary>
    private IReadOnlyList<ValidationAttribute> Rules { get; init; } = [];

    /// <summary>The range as people read it (<c>1 to 60000</c>), empty when unbounded.</summary>
    public string Range => Minimum is { } min && Maximum is { } max
        ? string.Create(CultureInfo.InvariantCulture, $"{min} to {max}")
        : "";

    /// <summary>The parameters of a request record, in the order of its constructor (the body's order).</summary>
    internal static IReadOnlyList<FaultParameter> Of([DynamicallyAccessedMembers(RecordMembers)] Type requestType)
    {
        var constructor = requestType.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return [.. constructor.GetParameters().Select(parameter =>
        {
            var property = requestType.GetProperty(parameter.Name!)
                ?? throw new ArgumentException($"{requestType.Name}({parameter.Name}) has no property of the same name");
            if (property.PropertyType != typeof(int) && property.PropertyType != typeof(double))
            {
                throw new ArgumentException($"{requestType.Name}.{property.Name}: fault parameters are numbers (int or double)");
            }
            var range = property.GetCustomAttribute<RangeAttribute>();
            return new FaultParameter(JsonNamingPolicy.CamelCase.ConvertName(property.Name), property.Name, property.PropertyType,
                range is null ? null : Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture),
                range is null ? null : Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture),
                !parameter.HasDefaultValue)
            {
                Property = property,
                Rules = [.. property.GetCustomAttributes<ValidationAttribute>()],
            };
        })];
    }

    /// <summary>This parameter's value in a request record, as text (invariant culture).</summary>
    internal string TextOf(object request) =>
        Convert.ToString(Property.GetValue(request), CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// Parameters given as text made into the fault's request record and checked by its attributes, as the
    /// API checks a body; null with the errors by parameter name when they do not make a valid request.
    /// </summary>
    internal static object? Bind(SwitchFault fault, IReadOnlyDictionary<string, string?> values, out IReadOnlyDictionary<string, string[]> errors)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var body = new JsonObject();
        foreach (var (name, text) in values)
        {
            var parameter = fault.Parameters.FirstOrDefault(p => p.Name == name);
            if (parameter is null)
            {
                problems[name] = [$"is not a parameter of {fault.Name} (it takes {string.Join(", ", fault.Parameters.Select(p => p.Name))})"];
            }
            else if (!string.IsNullOrWhiteSpace(text))
            {
                if (parameter.Parse(text) is { } node)
                {
                    body[name] = node;
                }
                else
                {
                    problems[name] = [$"must be {(parameter.Type == typeof(int) ? "a whole number" : "a number")}, got '{text}'"];
                }
            }
        }
        foreach (var missing in fault.Parameters.Where(p => p.Required && !body.ContainsKey(p.Name) && !problems.ContainsKey(p.Name)))
        {
            problems[missing.Name] = ["is required"];
        }
        if (problems.Count > 0)
        {
            errors = problems;
            return null;
        }
        var request = body.Deserialize(fault.JsonType)!;
        errors = Check(fault, request);
        return errors.Count == 0 ? request : null;
    }

    /// <summary>
    /// The request record's own rules (<see cref="RangeAttribute"/> …), the errors keyed by parameter name, with
    /// the messages <see cref="Validator"/> gives ("The field DelayMs must be between 1 and 60000."). Checked
    /// parameter by parameter from the attributes read once: <see cref="Validator"/> discovers them by reflection
    /// at each call, which a trimmed (Native AOT) API cannot.
    /// </summary>
    internal static IReadOnlyDictionary<string, string[]> Check(SwitchFault fault, object request) =>
        fault.Parameters
            .Select(parameter => (parameter.Name, Messages: parameter.Broken(request)))
            .Where(e => e.Messages.Length > 0)
            .ToDictionary(e => e.Name, e => e.Messages, StringComparer.Ordinal);

    private string[] Broken(object request)
    {
        var value = Property.GetValue(request);
        return [.. Rules.Where(rule => !rule.IsValid(value)).Select(rule => rule.FormatErrorMessage(PropertyName))];
    }

    private JsonValue? Parse(string text)
    {
        if (Type == typeof(int))
        {
            return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? JsonValue.Create(whole) : null;
        }
        return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? JsonValue.Create(number)
            : null;
    }
}

/// <summary>
/// A fault with its parameters, read and checked: what a dashboard command or an experiment step asks the
/// switches for. <see cref="Value"/> is the typed request record (<see cref="LatencyFault"/> …).
/// </summary>
public sealed class FaultRequest
{
    internal FaultRequest(SwitchFault fault, object value)
    {
        Fault = fault;
        Value = value;
    }

    public SwitchFault Fault { get; }

    public object Value { get; }

    /// <summary>How long the fault lasts; null for an instant one.</summary>
    public TimeSpan? Duration => Fault.Duration is { } key
        ? TimeSpan.FromSeconds(double.Parse(key.TextOf(Value), CultureInfo.InvariantCulture))
        : null;

    /// <summary>The body the switch takes, e.g. <c>{"delayMs":500,"durationSeconds":60}</c>.</summary>
    public string Json => JsonSerializer.Serialize(Value, Fault.JsonType);

    /// <summary>The parameters as text by name: the dashboard command's arguments.</summary>
    public IReadOnlyDictionary<string, string?> Arguments =>
        Fault.Parameters.ToDictionary(p => p.Name, p => (string?)p.TextOf(Value), StringComparer.Ordinal);

    /// <summary>The same fault on a cluster with Chaos Mesh, aimed at one pod.</summary>
    public ChaosMeshFault ChaosMesh(ChaosMeshPod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return Fault.ChaosMeshOf(Value, pod);
    }

    public override string ToString() => $"{Fault.Name} {Json}";
}
