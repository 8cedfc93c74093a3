using Junction;

namespace Junction.Bench.Contract;

/// <summary>
/// The request and the response: an opaque payload of <c>--payload</c> bytes, and in a response the number of the
/// provider that answered (0 is not encoded, so a single provider's responses are the request's bytes).
/// </summary>
[RpcMessage]
public sealed record EchoMessage([RpcField(1)] byte[] Payload, [RpcField(2)] int Provider);
