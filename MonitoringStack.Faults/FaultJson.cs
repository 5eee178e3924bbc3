using System.Text.Json;
using System.Text.Json.Serialization;
using MonitoringStack.Faults.Switches;

namespace MonitoringStack.Faults;

/// <summary>
/// The JSON of the fault switches, generated at compile time (the API ships as a Native AOT binary, where
/// reflection-based serialization is not available): every request record, as the body of its route and as
/// the <c>settings</c> of a fault in force, and the switches' answers. A new fault's record is added here too.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LatencyFault))]
[JsonSerializable(typeof(ErrorFault))]
[JsonSerializable(typeof(CpuFault))]
[JsonSerializable(typeof(MemoryFault))]
[JsonSerializable(typeof(HangFault))]
[JsonSerializable(typeof(CrashFault))]
[JsonSerializable(typeof(CrashAnswer))]
[JsonSerializable(typeof(ResetAnswer))]
[JsonSerializable(typeof(ChaosView))]
public sealed partial class FaultJson : JsonSerializerContext;
