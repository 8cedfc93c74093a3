using System.Net;

namespace Junction.Consul;

/// <summary>
/// Consul answered with an error status. Consul's errors are plain text, such as <c>Permission denied</c> or
/// <c>Missing service name</c>; the message reads like the Go client's: <c>Unexpected response code: 403 (…)</c>.
/// </summary>
public sealed class ConsulException : Exception
{
    /// <summary>Creates an exception for a response.</summary>
    public ConsulException(HttpStatusCode statusCode, string body, string request)
        : base($"Unexpected response code: {(int)statusCode} ({body.Trim()}) for {request}")
    {
        StatusCode = statusCode;
        Body = body;
        Request = request;
    }

    /// <summary>The HTTP status Consul answered with.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The response body: Consul's error text.</summary>
    public string Body { get; }

    /// <summary>The method and path that failed (no token: tokens travel in a header).</summary>
    public string Request { get; }
}
