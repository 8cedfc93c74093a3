using Junction.Invocation;
using Junction.LoadBalancing;
using Junction.Routing;

namespace Junction.Cluster;

/// <summary>
/// Dubbo's forking: calls <see cref="ClusterSettings.Forks"/> distinct providers at once and returns the first answer;
/// the other calls are cancelled. For reads where latency matters more than load.
/// </summary>
/// <remarks>
/// An answer is a success or a business error: a business error is the provider's reply, which another provider would
/// repeat, so it wins like a success (as in Dubbo, where only thrown failures wait for the other forks). Transport
/// failures (Unavailable, DeadlineExceeded) wait for the other forks; when every fork fails, the call fails with the
/// last failure, naming every provider tried. Each fork is a copy of the invocation whose token is linked to the
/// caller's, so the caller's cancellation reaches every fork and a win cancels only the losers. Dubbo's quirk of
/// returning a null result when its own forking timeout passes is not kept: each fork has the call's timeout, and when
/// every fork times out the call fails with DeadlineExceeded.
/// Polly's hedging was considered and not used: it would choose the providers inside its action generator instead of
/// through the load balancer's select/reselect, and add a pooled context per fork for no behaviour forking needs.
/// </remarks>
internal sealed class ForkingClusterInvoker : ClusterInvoker
{
    /// <summary>The name used in configuration.</summary>
    public const string Name = "forking";

    private readonly int _forks;

    public ForkingClusterInvoker(IDirectory directory, RouterChain routers, ILoadBalancer loadBalancer, ClusterResilience? resilience, int forks)
        : base(directory, routers, loadBalancer, resilience)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(forks, 1);
        _forks = forks;
    }

    /// <inheritdoc />
    public override ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
    {
        var candidates = List(invocation);
        var count = Math.Min(_forks, candidates.Length);
        if (count == 0)
        {
            return new ValueTask<RpcResult>(RpcResult.FromException(NoProvider(invocation)));
        }

        if (count == 1)
        {
            return Once(Select(invocation, candidates, null)!, invocation, "failed (forking, a single fork)");
        }

        var selected = new List<IProviderInvoker>(count);
        while (selected.Count < count)
        {
            // Select prefers providers not selected yet, and there are at least count of them.
            selected.Add(Select(invocation, candidates, selected)!);
        }

        var race = new Race(invocation, selected);
        foreach (var provider in selected)
        {
            _ = RunForkAsync(race, provider, invocation.CopyFor(race.Token));
        }

        return new ValueTask<RpcResult>(race.Task);
    }

    private async Task RunForkAsync(Race race, IProviderInvoker provider, Invocation.Invocation fork)
    {
        RpcResult result;
        try
        {
            result = await Attempt(provider, fork).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            result = RpcResult.FromException(e);
        }

        race.Report(result);
    }

    /// <summary>The forks of one call: the first answer wins and cancels the rest.</summary>
    private sealed class Race
    {
        private readonly TaskCompletionSource<RpcResult> _winner = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _cancellation;
        private readonly Invocation.Invocation _invocation;
        private readonly List<IProviderInvoker> _forks;
        private int _running;
        private Exception? _lastFailure;

        public Race(Invocation.Invocation invocation, List<IProviderInvoker> forks)
        {
            _invocation = invocation;
            _forks = forks;
            _running = forks.Count;
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(invocation.CancellationToken);
        }

        public CancellationToken Token => _cancellation.Token;

        public Task<RpcResult> Task => _winner.Task;

        public void Report(RpcResult result)
        {
            if (!ClusterErrors.IsTransient(result))
            {
                if (_winner.TrySetResult(result))
                {
                    _cancellation.Cancel();
                }
            }
            else
            {
                Volatile.Write(ref _lastFailure, result.Exception);
            }

            if (Interlocked.Decrement(ref _running) == 0)
            {
                // The last fork to finish. A winner has set the result before counting itself out, so an unset result
                // means every fork failed; and nothing can use the token any more.
                if (!_winner.Task.IsCompleted)
                {
                    _winner.TrySetResult(RpcResult.FromException(ClusterErrors.Failed(
                        _invocation, $"failed in all {_forks.Count} forks", _forks, Volatile.Read(ref _lastFailure)!)));
                }

                _cancellation.Dispose();
            }
        }
    }
}
