using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Junction.Filters.Security;

/// <summary>
/// The built-in request signature: the attachments that carry it and the HMAC-SHA256 over the canonical string
/// <c>{serviceKey}\n{method}\n{ts}\n{nonce}\n</c> (UTF-8), shared by the consumer that signs and the provider that checks.
/// </summary>
/// <remarks>
/// Like Dubbo's AccessKeyAuthenticator (service key, method, timestamp; parameters only with <c>param.sign</c>) the
/// request payload is not signed: the protocol serializes it after the filters run, so signing it here would serialize
/// every call twice. The nonce, which Dubbo lacks, is what lets the provider refuse replays.
/// </remarks>
internal static class RequestSignature
{
    /// <summary>The prefix of every attachment the provider removes before the implementation runs.</summary>
    public const string AttachmentPrefix = "junction.auth.";

    public const string KeyAttachment = "junction.auth.key";
    public const string TimestampAttachment = "junction.auth.ts";
    public const string NonceAttachment = "junction.auth.nonce";
    public const string SignatureAttachment = "junction.auth.sig";

    public const int NonceBytes = 16;
    public const int NonceChars = 22;
    public const int MacBytes = HMACSHA256.HashSizeInBytes;

    private const int StackLimit = 512;

    /// <summary>Writes HMAC-SHA256(<paramref name="secret"/>, canonical string) to <paramref name="mac"/> (32 bytes).</summary>
    public static void Compute(
        ReadOnlySpan<byte> secret,
        string serviceKey,
        string method,
        ReadOnlySpan<char> timestamp,
        ReadOnlySpan<char> nonce,
        Span<byte> mac)
    {
        var length = Encoding.UTF8.GetMaxByteCount(serviceKey.Length + method.Length + timestamp.Length + nonce.Length + 4);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Append(buffer, 0, serviceKey);
            written = Append(buffer, written, method);
            written = Append(buffer, written, timestamp);
            written = Append(buffer, written, nonce);
            HMACSHA256.HashData(secret, buffer[..written], mac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Decodes base64url text of exactly <paramref name="destination"/>'s length; false for anything else. Never throws:
    /// the text comes from the caller.
    /// </summary>
    public static bool TryDecodeExactly(ReadOnlySpan<char> text, Span<byte> destination)
        => Base64Url.DecodeFromChars(text, destination, out var consumed, out var written) == OperationStatus.Done
            && consumed == text.Length
            && written == destination.Length;

    /// <summary>Writes a line of the canonical string (the text, then a newline) at <paramref name="at"/>.</summary>
    private static int Append(Span<byte> buffer, int at, ReadOnlySpan<char> text)
    {
        at += Encoding.UTF8.GetBytes(text, buffer[at..]);
        buffer[at] = (byte)'\n';
        return at + 1;
    }
}
