namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>A contract whose generated descriptors and request messages the balancer tests build invocations from.</summary>
[RpcService(Protocol = "inproc")]
public interface IBalancerProbe
{
    /// <summary>Consistent hash on the default: the first argument.</summary>
    Task<string> FindAsync(long userId);

    /// <summary>Consistent hash on the second argument only.</summary>
    [RpcMethod(HashArguments = new[] { 1 })]
    Task<string> PlaceAsync(string region, long orderId);

    /// <summary>Consistent hash on both arguments, and on one index the method does not have.</summary>
    [RpcMethod(HashArguments = new[] { 0, 1, 7 })]
    Task<string> MoveAsync(string from, string to);

    /// <summary>No arguments at all.</summary>
    Task<string> PingAsync();
}
