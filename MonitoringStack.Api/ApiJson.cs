using System.Text.Json.Serialization;
using MonitoringStack.Api.Catalogue;
using MonitoringStack.Api.Work;

namespace MonitoringStack.Api;

/// <summary>
/// The API's bodies and answers, serialized by code generated at compile time: a Native AOT binary has no
/// reflection-based JSON. Options are the host's (web defaults, camelCase keys), set in Program.cs.
/// </summary>
[JsonSerializable(typeof(ServiceInfo))]
[JsonSerializable(typeof(CataloguePage))]
[JsonSerializable(typeof(CatalogueItem))]
[JsonSerializable(typeof(OrderRequest))]
[JsonSerializable(typeof(OrderResult))]
// ProblemDetails' "errors" extension (BadRequestExceptionHandler): serialized by its runtime type.
[JsonSerializable(typeof(Dictionary<string, string[]>))]
internal sealed partial class ApiJson : JsonSerializerContext;
