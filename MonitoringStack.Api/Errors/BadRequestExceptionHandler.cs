using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace MonitoringStack.Api.Errors;

/// <summary>
/// Turns request-binding failures (malformed JSON, a non-numeric id, an oversized body) into a
/// ProblemDetails answer with their own status (400, 413) and the offending field named in
/// <c>errors</c> — never a 500. Minimal APIs throw them because <c>ThrowOnBadRequest</c> is on.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var problem = new ProblemDetails
        {
            Status = badRequest.StatusCode,
            Title = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request",
            Detail = badRequest.Message,
        };
        if (FieldOf(badRequest) is { } field)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [badRequest.InnerException?.Message ?? badRequest.Message] };
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>
    /// The field at fault: the JSON path of a body error (<c>$.quantity</c> → <c>quantity</c>), or the
    /// parameter named in a binding message (<c>Failed to bind parameter "int id" from "abc".</c> → <c>id</c>).
    /// </summary>
    private static string? FieldOf(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException { Path: { Length: > 2 } path })
        {
            return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
        }
        const string marker = "parameter \"";
        var start = exception.Message.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }
        var declaration = exception.Message[(start + marker.Length)..];
        var end = declaration.IndexOf('"', StringComparison.Ordinal);
        if (end < 0)
        {
            return null;
        }
        // "int id" → "id"; "OrderRequest order" → "order".
        var parts = declaration[..end].Split(' ');
        return parts[^1];
    }
}
