using Junction;

namespace Junction.Bench.Contract;

/// <summary>
/// The measured contract: one echo method, and the same echo marked idempotent (which failover retries on another
/// provider; <c>--idempotent</c>). Exported on <c>tcp</c> (what the tool measures) and <c>inproc</c> (the same
/// pipeline without a transport, for <c>--protocol inproc</c>); the consumer picks the protocol per run.
/// </summary>
[RpcService(Protocol = "tcp,inproc")]
public interface IBenchService
{
    /// <summary>Returns <paramref name="message"/> unchanged, stamped with the provider's number.</summary>
    ValueTask<EchoMessage> EchoAsync(EchoMessage message);

    /// <summary><see cref="EchoAsync"/>, safe to retry.</summary>
    [RpcMethod(Idempotent = true)]
    ValueTask<EchoMessage> EchoIdempotentAsync(EchoMessage message);
}
