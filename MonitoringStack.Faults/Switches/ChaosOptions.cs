using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace MonitoringStack.Faults.Switches;

/// <summary>
/// Fault switches (section <c>Chaos</c>). Off by default: when disabled the <c>/chaos</c> routes do
/// not exist (404) and the fault middlewares are not even in the pipeline.
/// </summary>
public sealed class ChaosOptions : IValidatableObject
{
    public const string Section = "Chaos";

    /// <summary>Header that must carry <see cref="Token"/> on every <c>/chaos</c> request.</summary>
    public const string TokenHeader = "X-Chaos-Token";

    public bool Enabled { get; set; }

    /// <summary>Shared secret for <see cref="TokenHeader"/>; required when <see cref="Enabled"/>.</summary>
    public string? Token { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && string.IsNullOrWhiteSpace(Token))
        {
            yield return new ValidationResult(
                "Chaos:Token must be set when Chaos:Enabled is true (fault switches are never open to anyone).",
                [nameof(Token)]);
        }
    }
}

/// <summary>Checks <see cref="ChaosOptions"/> at start with code generated at compile time (no reflection: the API ships as a Native AOT binary).</summary>
[OptionsValidator]
internal sealed partial class ChaosOptionsValidator : IValidateOptions<ChaosOptions>;
