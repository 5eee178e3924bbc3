using Microsoft.Extensions.Options;
using MonitoringStack.Api.Telemetry;
using MonitoringStack.Api.Work;

namespace MonitoringStack.Api;

/// <summary>
/// The API's settings checked at start by their attributes, with code generated at compile time
/// (<c>ValidateDataAnnotations</c> finds the attributes by reflection, which a Native AOT binary cannot).
/// </summary>
[OptionsValidator]
internal sealed partial class WorkOptionsValidator : IValidateOptions<WorkOptions>;

/// <inheritdoc cref="WorkOptionsValidator"/>
[OptionsValidator]
internal sealed partial class ResourceOptionsValidator : IValidateOptions<ResourceOptions>;
