using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace MonitoringStack.Faults.Switches;

/// <summary>Marks the <c>/chaos</c> endpoints: token-guarded and exempt from injected faults.</summary>
public sealed class ChaosEndpointMetadata;

/// <summary>
/// Checks <c>X-Chaos-Token</c> before a chaos endpoint binds its body: missing → 401, wrong → 403.
/// A middleware rather than an endpoint filter so that even a malformed body gets the auth answer first.
/// </summary>
public sealed class ChaosGuardMiddleware(RequestDelegate next, IOptions<ChaosOptions> options)
{
    private readonly byte[] _token = Encoding.UTF8.GetBytes(options.Value.Token ?? string.Empty);

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetEndpoint()?.Metadata.GetMetadata<ChaosEndpointMetadata>() is null)
        {
            await next(context);
            return;
        }

        if (!context.Request.Headers.TryGetValue(ChaosOptions.TokenHeader, out var supplied) || string.IsNullOrEmpty(supplied))
        {
            context.Response.Headers.WWWAuthenticate = ChaosOptions.TokenHeader;
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Chaos token required",
                detail: $"Send the {ChaosOptions.TokenHeader} header.").ExecuteAsync(context);
            return;
        }

        // Constant-time comparison: the answer time must not leak how much of the token matched.
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(supplied.ToString()), _token))
        {
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Chaos token rejected",
                detail: $"The {ChaosOptions.TokenHeader} header does not match Chaos:Token.").ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
