using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Junction.Invocation;

namespace Junction.Filters.Security;

/// <summary>
/// The consumer's request signature, around each attempt on a provider: every attempt gets its own timestamp and
/// nonce, so a retry on the same provider is not mistaken for a replay.
/// </summary>
internal sealed class SignatureFilter : IFilter
{
    private readonly string _accessKey;
    private readonly byte[] _secret;
    private readonly TimeProvider _time;

    private SignatureFilter(string accessKey, byte[] secret, TimeProvider time)
    {
        _accessKey = accessKey;
        _secret = secret;
        _time = time;
    }

    /// <summary>The filter when the application sets both keys; null otherwise (<c>JunctionOptions.Validate</c> refuses one without the other).</summary>
    public static SignatureFilter? Create(ConsumerFilterContext context)
    {
        var security = context.Application.Security;
        return string.IsNullOrEmpty(security.AccessKey) || string.IsNullOrEmpty(security.SecretKey)
            ? null
            : new SignatureFilter(security.AccessKey, Encoding.UTF8.GetBytes(security.SecretKey), context.Time);
    }

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation, InvokerDelegate next)
    {
        Span<char> timestamp = stackalloc char[20];
        _time.GetUtcNow().ToUnixTimeMilliseconds().TryFormat(timestamp, out var timestampLength, default, CultureInfo.InvariantCulture);
        timestamp = timestamp[..timestampLength];

        Span<byte> random = stackalloc byte[RequestSignature.NonceBytes];
        RandomNumberGenerator.Fill(random);
        Span<char> nonce = stackalloc char[RequestSignature.NonceChars];
        Base64Url.EncodeToChars(random, nonce);

        Span<byte> mac = stackalloc byte[RequestSignature.MacBytes];
        RequestSignature.Compute(_secret, invocation.Service.ServiceKey, invocation.Method.Name, timestamp, nonce, mac);

        var attachments = invocation.Attachments;
        attachments[RequestSignature.KeyAttachment] = _accessKey;
        attachments[RequestSignature.TimestampAttachment] = new string(timestamp);
        attachments[RequestSignature.NonceAttachment] = new string(nonce);
        attachments[RequestSignature.SignatureAttachment] = Base64Url.EncodeToString(mac);
        return next(invocation);
    }
}
