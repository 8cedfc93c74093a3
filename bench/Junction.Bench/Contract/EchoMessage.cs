using Junction;

namespace Junction.Bench.Contract;

/// <summary>The request and the response: an opaque payload of <c>--payload</c> bytes.</summary>
[RpcMessage]
public sealed record EchoMessage([RpcField(1)] byte[] Payload);
