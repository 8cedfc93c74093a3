using Junction;

namespace Junction.Benchmarks;

/// <summary>A contract that exists to get a method descriptor and a generated request for the balancer benchmarks.</summary>
[RpcService(Protocol = "inproc")]
public interface ILoadBalancingBench
{
    /// <summary>A call keyed by a user id (what consistent hashing hashes, the first argument).</summary>
    ValueTask<EchoMessage> FindAsync(long userId);
}
