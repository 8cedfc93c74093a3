namespace Junction.Consul.Tests.Double;

/// <summary>
/// An error the double answers the way Consul's <c>HTTPHandlers.wrap</c> does: the status code and a plain-text body
/// (<c>text/plain; charset=utf-8</c>), never JSON. <see cref="Allow"/> is set for 405 answers.
/// </summary>
internal sealed class ConsulHttpError(int status, string body, string? allow = null) : Exception(body)
{
    public int Status { get; } = status;

    public string Body { get; } = body;

    public string? Allow { get; } = allow;

    public static ConsulHttpError BadRequest(string body) => new(400, body);

    public static ConsulHttpError NotFound(string body) => new(404, body);
}
