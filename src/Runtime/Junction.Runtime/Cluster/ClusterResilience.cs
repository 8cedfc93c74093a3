using System.Runtime.CompilerServices;
using Junction.Contracts;
using Junction.Invocation;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Junction.Cluster;

/// <summary>
/// What runs around each attempt on a provider besides the call itself: the user's pipeline of the method (outside) and
/// the provider's circuit breaker (inside, so every real call, retries of the user's pipeline included, is sampled).
/// Exists only when one of them is configured; without it an attempt is the bare call.
/// </summary>
internal sealed class ClusterResilience
{
    private readonly ResiliencePipeline<RpcResult>?[] _pipelines;
    private readonly CircuitBreakerSettings? _breakerSettings;
    private readonly TimeProvider _time;

    // Keyed by the invoker the directory referred (under any override), so a provider keeps its breaker while the
    // directory keeps its invoker, and the breaker goes when the invoker does. An override that changes how the provider
    // looks (weight, metadata) lists a new wrapper of the same invoker; its circuit is the provider's health and must not
    // close because an operator changed a weight.
    private readonly ConditionalWeakTable<IProviderInvoker, ProviderCircuitBreaker> _breakers = [];
    private readonly ConditionalWeakTable<IProviderInvoker, ProviderCircuitBreaker>.CreateValueCallback _createBreaker;

    private ClusterResilience(ResiliencePipeline<RpcResult>?[] pipelines, CircuitBreakerSettings? breakerSettings, TimeProvider time)
    {
        _pipelines = pipelines;
        _breakerSettings = breakerSettings;
        _time = time;
        _createBreaker = _ => new ProviderCircuitBreaker(_breakerSettings!, _time);
    }

    /// <summary>Whether providers have circuit breakers that can take them out of selection.</summary>
    public bool HasBreakers => _breakerSettings is not null;

    /// <summary>The resilience of a service's attempts, or null when <paramref name="settings"/> configure none.</summary>
    public static ClusterResilience? Create(ServiceDescriptor service, ClusterSettings settings, TimeProvider time)
    {
        var pipelines = new ResiliencePipeline<RpcResult>?[service.Methods.Count];
        var any = false;
        for (var i = 0; i < pipelines.Length; i++)
        {
            pipelines[i] = settings.MethodResilience.TryGetValue(service.Methods[i].Name, out var own) ? own : settings.Resilience;
            any |= pipelines[i] is not null;
        }

        return any || settings.CircuitBreaker is not null ? new ClusterResilience(pipelines, settings.CircuitBreaker, time) : null;
    }

    /// <summary>Whether the provider's circuit lets the cluster choose it (always, without breakers).</summary>
    public bool IsSelectable(IProviderInvoker provider)
        => _breakerSettings is null || !_breakers.TryGetValue(KeyOf(provider), out var breaker) || breaker.IsSelectable;

    /// <summary>The circuit breaker of <paramref name="provider"/>, created on first use; null without breakers.</summary>
    public ProviderCircuitBreaker? BreakerOf(IProviderInvoker provider)
        => _breakerSettings is null ? null : _breakers.GetValue(KeyOf(provider), _createBreaker);

    private static IProviderInvoker KeyOf(IProviderInvoker provider)
        => provider is Registry.Override.OverriddenProviderInvoker overridden ? overridden.Provider : provider;

    /// <summary>Runs one attempt on <paramref name="provider"/> through the method's pipeline and the provider's breaker.</summary>
    public async ValueTask<RpcResult> ExecuteAsync(IProviderInvoker provider, Invocation.Invocation invocation)
    {
        var pipeline = _pipelines[invocation.Method.Index];
        var breaker = BreakerOf(provider)?.Pipeline;
        var context = ResilienceContextPool.Shared.Get(invocation.CancellationToken);
        try
        {
            var state = new AttemptState(provider, invocation, breaker);
            var outcome = pipeline is null
                ? await breaker!.ExecuteOutcomeAsync(CallAsync, context, state).ConfigureAwait(false)
                : await pipeline.ExecuteOutcomeAsync(BreakerAsync, context, state).ConfigureAwait(false);
            return outcome.Exception is null ? outcome.Result : RpcResult.FromException(Describe(outcome.Exception, provider, invocation));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static ValueTask<Outcome<RpcResult>> BreakerAsync(ResilienceContext context, AttemptState state)
        => state.Breaker is null ? CallAsync(context, state) : state.Breaker.ExecuteOutcomeAsync(CallAsync, context, state);

    private static async ValueTask<Outcome<RpcResult>> CallAsync(ResilienceContext context, AttemptState state)
    {
        var token = context.CancellationToken;
        var callerToken = state.Invocation.CancellationToken;

        // A pipeline strategy (timeout, hedging) that replaced the token must be able to cancel the call itself.
        var invocation = token == callerToken ? state.Invocation : state.Invocation.CopyFor(token);
        try
        {
            var result = await ClusterInvoker.Call(state.Provider, invocation).ConfigureAwait(false);

            // The call failed because the pipeline cancelled it: say so the way Polly expects (an exception), so its
            // timeout reports a timeout and its hedging a lost hedge instead of a provider error.
            return !result.IsSuccess && token.IsCancellationRequested && !callerToken.IsCancellationRequested
                ? Outcome.FromException<RpcResult>(new OperationCanceledException(result.Exception!.Message, result.Exception, token))
                : Outcome.FromResult(result);
        }
        catch (Exception e)
        {
            return Outcome.FromException<RpcResult>(e);
        }
    }

    /// <summary>Turns what a pipeline threw into the error the caller sees, naming the method and the provider.</summary>
    private static Exception Describe(Exception exception, IProviderInvoker provider, Invocation.Invocation invocation) => exception switch
    {
        RpcException rpc => rpc,
        BrokenCircuitException or IsolatedCircuitException => new RpcException(
            RpcStatusCode.Unavailable,
            $"{invocation.Method.FullName} was not sent to provider {provider.Instance}: its circuit breaker is open after recent failures.",
            exception),
        TimeoutRejectedException timeout => new RpcException(
            RpcStatusCode.DeadlineExceeded,
            $"{invocation.Method.FullName} did not complete within the resilience pipeline's timeout of {timeout.Timeout.TotalMilliseconds:0} ms on provider {provider.Instance}.",
            exception),
        OperationCanceledException when invocation.CancellationToken.IsCancellationRequested => RpcErrors.CancelledByCaller(invocation, provider.Instance.ToString()),
        _ => new RpcException(
            RpcStatusCode.Unknown,
            $"{invocation.Method.FullName} failed in the resilience pipeline on provider {provider.Instance}: {exception.GetType().FullName}: {exception.Message}",
            exception),
    };

    private readonly record struct AttemptState(IProviderInvoker Provider, Invocation.Invocation Invocation, ResiliencePipeline<RpcResult>? Breaker);
}
