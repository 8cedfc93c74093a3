using Junction.Invocation;
using Junction.LoadBalancing;
using Junction.Routing;
using Microsoft.Extensions.Logging;

namespace Junction.Cluster;

/// <summary>
/// Calls one provider once; a failure is logged and the caller gets the method's default response instead
/// (<see cref="DefaultResponse"/>) — Dubbo's failsafe, for calls whose failure must not fail the caller, such as
/// writing an audit log. The caller's own cancellation is not swallowed: a cancelled call still fails as cancelled.
/// </summary>
internal class FailsafeClusterInvoker : ClusterInvoker
{
    /// <summary>The name used in configuration.</summary>
    public const string Name = "failsafe";

    public FailsafeClusterInvoker(IDirectory directory, RouterChain routers, ILoadBalancer loadBalancer, ClusterResilience? resilience, ILogger logger)
        : base(directory, routers, loadBalancer, resilience)
    {
        ArgumentNullException.ThrowIfNull(logger);
        Logger = logger;
    }

    protected ILogger Logger { get; }

    /// <summary>The strategy's name in log messages.</summary>
    protected virtual string Strategy => Name;

    /// <inheritdoc />
    public override ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
    {
        var provider = Select(invocation, List(invocation), null);
        if (provider is null)
        {
            return new ValueTask<RpcResult>(Recover(invocation, null, RpcResult.FromException(NoProvider(invocation))));
        }

        var pending = Attempt(provider, invocation);
        if (pending.IsCompletedSuccessfully)
        {
            var result = pending.Result;
            return new ValueTask<RpcResult>(result.IsSuccess ? result : Recover(invocation, provider, result));
        }

        return AwaitAsync(invocation, provider, pending);
    }

    /// <summary>What happens to a failure besides the log line: nothing here; failback queues a retry.</summary>
    protected virtual void OnFailed(Invocation.Invocation invocation, IProviderInvoker? provider, RpcResult failure)
    {
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<RpcResult> AwaitAsync(Invocation.Invocation invocation, IProviderInvoker provider, ValueTask<RpcResult> pending)
    {
        var result = await pending.ConfigureAwait(false);
        return result.IsSuccess ? result : Recover(invocation, provider, result);
    }

    private RpcResult Recover(Invocation.Invocation invocation, IProviderInvoker? provider, RpcResult failure)
    {
        if (invocation.CancellationToken.IsCancellationRequested)
        {
            return failure;
        }

        var error = ClusterErrors.Failed(invocation, $"failed ({Strategy}: the caller gets the default response)", provider is null ? [] : [provider], failure.Exception!);
        Logger.LogWarning(error, "{Failure}", error.Message);
        OnFailed(invocation, provider, failure);
        return DefaultResponse.For(invocation.Method);
    }
}
