using Junction;

namespace Junction.Bench.Contract;

/// <summary>
/// The measured contract: one echo method. Exported on <c>tcp</c> (what the tool measures) and <c>inproc</c> (the same
/// pipeline without a transport, for <c>--protocol inproc</c>); the consumer picks the protocol per run.
/// </summary>
[RpcService(Protocol = "tcp,inproc")]
public interface IBenchService
{
    /// <summary>Returns <paramref name="message"/> unchanged.</summary>
    ValueTask<EchoMessage> EchoAsync(EchoMessage message);
}
