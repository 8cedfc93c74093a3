using Junction.Invocation;
using Junction.LoadBalancing;
using Junction.Routing;

namespace Junction.Cluster;

/// <summary>
/// Dubbo's broadcast: calls every provider the call may use (after routing; no load balancer), one after another, and
/// fails if any of them failed; otherwise returns the last provider's response. For telling every provider something,
/// such as clearing a cache.
/// </summary>
/// <remarks>
/// One after another, as in Dubbo, so a broadcast never puts more than one call on the consumer's connections at a
/// time and the providers hear it in list order. Once failures reach <see cref="ClusterSettings.BroadcastFailPercent"/>
/// of the providers, the rest are skipped. Dubbo computes that threshold as <c>size * percent / 100</c> and compares
/// with equality after counting, so a threshold of 0 (percent 0, or a small percent of few providers) is never met and
/// behaves like 100; here the threshold is rounded up and is at least one failure, so 0 stops at the first failure, as
/// the setting reads, and a small percent stops at the first failure rather than never. Business errors count as
/// failures: every provider was meant to act on the call.
/// </remarks>
internal sealed class BroadcastClusterInvoker : ClusterInvoker
{
    /// <summary>The name used in configuration.</summary>
    public const string Name = "broadcast";

    private readonly int _failPercent;

    public BroadcastClusterInvoker(IDirectory directory, RouterChain routers, ILoadBalancer loadBalancer, ClusterResilience? resilience, int failPercent)
        : base(directory, routers, loadBalancer, resilience)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(failPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(failPercent, 100);
        _failPercent = failPercent;
    }

    /// <summary>How many failures stop the broadcast among <paramref name="providers"/> providers.</summary>
    internal static int FailureThreshold(int providers, int failPercent)
        => Math.Max(1, (int)Math.Ceiling(providers * failPercent / 100.0));

    /// <inheritdoc />
    public override ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
    {
        var providers = List(invocation);
        return providers.Length == 0
            ? new ValueTask<RpcResult>(RpcResult.FromException(NoProvider(invocation)))
            : new ValueTask<RpcResult>(BroadcastAsync(invocation, providers));
    }

    private async Task<RpcResult> BroadcastAsync(Invocation.Invocation invocation, IProviderInvoker[] providers)
    {
        var threshold = FailureThreshold(providers.Length, _failPercent);
        var called = new List<IProviderInvoker>(providers.Length);
        var failures = 0;
        Exception? lastFailure = null;
        RpcResult last = default;
        foreach (var provider in providers)
        {
            called.Add(provider);
            last = await Attempt(provider, invocation).ConfigureAwait(false);
            if (!last.IsSuccess)
            {
                lastFailure = last.Exception;
                if (++failures >= threshold || invocation.CancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }

        if (lastFailure is null)
        {
            return last;
        }

        var skipped = providers.Length - called.Count;
        var summary = skipped == 0
            ? $"failed on {failures} of {providers.Length} providers (broadcast)"
            : $"failed on {failures} of {providers.Length} providers (broadcast stopped at {_failPercent}% failed; {skipped} not called)";
        return RpcResult.FromException(ClusterErrors.Failed(invocation, summary, called, lastFailure));
    }
}
