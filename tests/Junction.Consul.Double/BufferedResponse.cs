using Microsoft.AspNetCore.Http;

namespace Junction.Consul.Tests.Double;

/// <summary>
/// Keeps a handler's answer (status, headers, body) in memory until the double decides to send it, so a blocking
/// query that finishes while the agent is <see cref="ConsulDouble.Dead"/> sends nothing.
/// </summary>
internal sealed class BufferedResponse
{
    private readonly HttpContext _context;
    private readonly Stream _original;
    private readonly MemoryStream _buffer = new();

    public BufferedResponse(HttpContext context)
    {
        _context = context;
        _original = context.Response.Body;
        context.Response.Body = _buffer;
    }

    /// <summary>Puts the server's body back and drops what was buffered (for an error answer instead).</summary>
    public void Discard() => _context.Response.Body = _original;

    public async Task FlushAsync()
    {
        _context.Response.Body = _original;
        if (_buffer.Length > 0)
        {
            _context.Response.ContentLength = _buffer.Length;
            _buffer.Position = 0;
            await _buffer.CopyToAsync(_original, _context.RequestAborted).ConfigureAwait(false);
        }
    }
}
