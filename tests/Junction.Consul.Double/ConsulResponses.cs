using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Junction.Consul.Tests.Double;

/// <summary>How the double writes bodies: JSON with Go's PascalCase names (indented with <c>?pretty</c>), errors as plain text.</summary>
internal static class ConsulResponses
{
    private static readonly JsonSerializerOptions Compact = new();
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Task JsonAsync<T>(HttpContext context, T value)
    {
        var options = context.Request.Query.ContainsKey("pretty") ? Indented : Compact;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(value, options), context.RequestAborted);
    }

    public static Task TextAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
