using System.Buffers.Binary;
using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Junction.Hosting;

namespace Junction.Filters.Security;

/// <summary>
/// The built-in <see cref="IAuthenticator"/>: checks the HMAC-SHA256 signature <see cref="SignatureFilter"/> sends
/// against the caller's secret in <see cref="SecurityOptions.Credentials"/>, then the timestamp against the provider's
/// clock, then the nonce against replays. The identity is the access key.
/// </summary>
/// <remarks>
/// Checks run in that order so that only calls signed with a known secret reach the replay cache (nobody else can fill
/// it) and a caller with a good signature but a wrong clock is told so. Refusals name the attachment or setting to fix
/// and never the expected signature.
/// </remarks>
internal sealed class HmacAuthenticator : IAuthenticator
{
    private const int MaxEchoedLength = 64;

    private readonly FrozenDictionary<string, Credential> _credentials;
    private readonly TimeProvider _time;
    private readonly long _windowMs;
    private readonly TimeSpan _window;
    private readonly int _capacity;

    public HmacAuthenticator(SecurityOptions options, TimeProvider time)
    {
        var credentials = new Dictionary<string, Credential>(options.Credentials.Count, StringComparer.Ordinal);
        foreach (var (key, secret) in options.Credentials)
        {
            credentials.Add(key, new Credential(key, Encoding.UTF8.GetBytes(secret)));
        }

        _credentials = credentials.ToFrozenDictionary(StringComparer.Ordinal);
        _time = time;
        _window = options.ReplayWindow;
        _windowMs = (long)options.ReplayWindow.TotalMilliseconds;
        _capacity = options.ReplayCacheCapacity;
        Replays = new ReplayCache(options.ReplayCacheCapacity, options.ReplayWindow);
    }

    /// <summary>The calls remembered against replay.</summary>
    internal ReplayCache Replays { get; }

    public ValueTask<AuthenticationResult> AuthenticateAsync(Invocation.Invocation invocation)
        => new(Authenticate(invocation));

    private AuthenticationResult Authenticate(Invocation.Invocation invocation)
    {
        if (!invocation.TryGetAttachment(RequestSignature.KeyAttachment, out var key)
            || !invocation.TryGetAttachment(RequestSignature.TimestampAttachment, out var timestampText)
            || !invocation.TryGetAttachment(RequestSignature.NonceAttachment, out var nonceText)
            || !invocation.TryGetAttachment(RequestSignature.SignatureAttachment, out var signatureText))
        {
            return Missing(invocation);
        }

        if (!_credentials.TryGetValue(key, out var credential))
        {
            return AuthenticationResult.Failure(
                $"access key '{Echo(key)}' is unknown to this provider; set Security.AccessKey to a key the provider lists, or add this key and its secret to Security.Credentials of the provider application.");
        }

        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestampMs))
        {
            return AuthenticationResult.Failure(
                $"{RequestSignature.TimestampAttachment} '{Echo(timestampText)}' is not a unix time in milliseconds.");
        }

        Span<byte> nonce = stackalloc byte[RequestSignature.NonceBytes];
        if (!RequestSignature.TryDecodeExactly(nonceText, nonce))
        {
            return AuthenticationResult.Failure(
                $"{RequestSignature.NonceAttachment} '{Echo(nonceText)}' is not {RequestSignature.NonceBytes} random bytes in base64url; send a new one with every call.");
        }

        Span<byte> given = stackalloc byte[RequestSignature.MacBytes];
        Span<byte> expected = stackalloc byte[RequestSignature.MacBytes];
        var decoded = RequestSignature.TryDecodeExactly(signatureText, given);
        RequestSignature.Compute(credential.Secret, invocation.Service.ServiceKey, invocation.Method.Name, timestampText, nonceText, expected);
        if (!decoded | !CryptographicOperations.FixedTimeEquals(given, expected))
        {
            return AuthenticationResult.Failure(
                $"the signature of access key '{credential.AccessKey}' does not match this call of {invocation.Service.ServiceKey}/{invocation.Method.Name}; " +
                "check that the consumer's Security.SecretKey is the secret the provider holds for this key in Security.Credentials, " +
                "and that nothing on the way changed the service, method, timestamp or nonce.");
        }

        var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var skewMs = timestampMs - nowMs;
        if (skewMs > _windowMs || skewMs < -_windowMs)
        {
            return AuthenticationResult.Failure(
                $"the call of access key '{credential.AccessKey}' is signed {Math.Abs(skewMs) / 1000.0:0.###} s {(skewMs > 0 ? "ahead of" : "behind")} the provider's clock, " +
                $"more than the replay window of {_window}: expired or from the future, check clocks (or sign calls when they are sent).");
        }

        return Replays.TryRemember(credential, BinaryPrimitives.ReadUInt128LittleEndian(nonce), timestampMs, nowMs) switch
        {
            ReplayVerdict.Remembered => AuthenticationResult.Success(credential.AccessKey),
            ReplayVerdict.Replayed => AuthenticationResult.Failure(
                $"the call of access key '{credential.AccessKey}' was replayed: its nonce was already used within the replay window of {_window}. " +
                "Every call needs a new nonce and signature; the built-in signature makes one per attempt, so a call sent twice was captured or copied."),
            _ => AuthenticationResult.Failure(
                $"the call of access key '{credential.AccessKey}' is older than this provider can check for replays: it remembers {_capacity} calls " +
                "(Security.ReplayCacheCapacity) and had to forget calls signed as late as this one. Send calls promptly after signing them, or raise the capacity."),
        };
    }

    /// <summary>Names the first signature attachment the call lacks.</summary>
    private static AuthenticationResult Missing(Invocation.Invocation invocation)
    {
        var missing = !invocation.TryGetAttachment(RequestSignature.KeyAttachment, out _) ? RequestSignature.KeyAttachment
            : !invocation.TryGetAttachment(RequestSignature.TimestampAttachment, out _) ? RequestSignature.TimestampAttachment
            : !invocation.TryGetAttachment(RequestSignature.NonceAttachment, out _) ? RequestSignature.NonceAttachment
            : RequestSignature.SignatureAttachment;
        return AuthenticationResult.Failure(
            $"the call is not signed: attachment {missing} is missing. Set Security.AccessKey and Security.SecretKey in the consumer application to a key and secret this provider lists in Security.Credentials.");
    }

    /// <summary>A value the caller sent, shortened for a message.</summary>
    private static string Echo(string value) => value.Length <= MaxEchoedLength ? value : string.Concat(value.AsSpan(0, MaxEchoedLength), "…");

    /// <summary>One known consumer; the replay cache keys on this object, so it holds no per-call strings.</summary>
    private sealed class Credential(string accessKey, byte[] secret)
    {
        public string AccessKey { get; } = accessKey;

        public byte[] Secret { get; } = secret;
    }
}
