using Junction;

namespace Junction.TestProvider;

/// <summary>
/// The contract the tcp integration tests call. This file is compiled into the test provider process and, linked, into
/// the integration tests, so both sides have the same generated code.
/// </summary>
[RpcService(Version = "1.0.0", Group = "it", Protocol = "tcp")]
public interface IEchoService
{
    /// <summary>Returns the request's caller, sequence and payload unchanged, and the name of the provider.</summary>
    Task<EchoReply> EchoAsync(EchoRequest request, CancellationToken cancellationToken = default);

    /// <summary><see cref="EchoAsync"/>, marked safe to retry (failover retries it on another provider).</summary>
    [RpcMethod(Idempotent = true)]
    Task<EchoReply> EchoIdempotentAsync(EchoRequest request, CancellationToken cancellationToken = default);

    /// <summary>Does not return until the implementation lets it (the tests use it for calls that stay in flight).</summary>
    Task<string> HoldAsync(string tag, CancellationToken cancellationToken = default);

    /// <summary>The name of the provider that answered.</summary>
    Task<string> WhoAsync(CancellationToken cancellationToken = default);
}

/// <summary>A request that is unique per call: who sent it, its sequence number and some bytes.</summary>
[RpcMessage]
public sealed record EchoRequest([RpcField(1)] int Caller, [RpcField(2)] int Sequence, [RpcField(3)] byte[] Payload);

/// <summary>The echo of an <see cref="EchoRequest"/>, with the provider's name.</summary>
[RpcMessage]
public sealed record EchoReply([RpcField(1)] int Caller, [RpcField(2)] int Sequence, [RpcField(3)] byte[] Payload, [RpcField(4)] string Provider);
