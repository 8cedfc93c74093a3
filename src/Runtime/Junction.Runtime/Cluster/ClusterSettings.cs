using System.Globalization;
using Junction.Contracts;
using Junction.Invocation;
using Polly;

namespace Junction.Cluster;

/// <summary>
/// What a consumer may tune in its cluster strategies, per reference: forking and broadcast widths, failback's
/// background retries, the per-provider circuit breaker and resilience pipelines of its own. The defaults are Dubbo's.
/// </summary>
public sealed class ClusterSettings
{
    /// <summary>
    /// <c>forking</c>: how many providers are called at once, 1 or more; a number above the provider count calls every
    /// provider. Default 2.
    /// </summary>
    public int Forks { get; set; } = 2;

    /// <summary>
    /// <c>broadcast</c>: once failures reach this percentage of the providers (rounded up, at least one failure), the
    /// providers not called yet are skipped. 0 stops at the first failure; 100 (the default) calls every provider.
    /// The call fails if any provider failed.
    /// </summary>
    public int BroadcastFailPercent { get; set; } = 100;

    /// <summary><c>failback</c>: background retries of a failed call, 0 or more. Default 3.</summary>
    public int FailbackRetries { get; set; } = 3;

    /// <summary><c>failback</c>: the wait before each background retry, above 0. Default 5 s.</summary>
    public TimeSpan FailbackPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>failback</c>: at most this many failed calls wait for a retry, 1 or more; a failure beyond that is logged,
    /// counted and not retried. Default 100.
    /// </summary>
    public int FailbackQueueSize { get; set; } = 100;

    /// <summary>A circuit breaker per provider; null (the default) turns it off.</summary>
    public CircuitBreakerSettings? CircuitBreaker { get; set; }

    /// <summary>
    /// A pipeline of your own that runs around every attempt on a provider, inside the cluster strategy (so a failover
    /// retry or a fork is a new attempt that runs it again) and outside the per-provider circuit breaker. Failures arrive
    /// as results, not exceptions: handle them with <c>ShouldHandle</c> predicates on <see cref="RpcResult.Exception"/>.
    /// A strategy that cancels (a timeout, a hedge) cancels the attempt's call. A Polly timeout becomes
    /// DeadlineExceeded, an open Polly circuit Unavailable, any other exception of the pipeline Unknown. Default none.
    /// </summary>
    public ResiliencePipeline<RpcResult>? Resilience { get; set; }

    /// <summary>
    /// Pipelines for single methods, by wire name (the C# name without <c>Async</c>); a method's pipeline replaces
    /// <see cref="Resilience"/> for that method.
    /// </summary>
    public IDictionary<string, ResiliencePipeline<RpcResult>> MethodResilience { get; } = new Dictionary<string, ResiliencePipeline<RpcResult>>(StringComparer.Ordinal);

    /// <summary>Checks every setting, with a message that names the service, the setting, its value and what to use.</summary>
    internal void Validate(ServiceDescriptor service)
    {
        var key = service.ServiceKey;
        if (Forks < 1)
        {
            throw Invalid(key, nameof(Forks), Forks, "use 1 or more (a number above the provider count calls every provider)");
        }

        if (BroadcastFailPercent is < 0 or > 100)
        {
            throw Invalid(key, nameof(BroadcastFailPercent), BroadcastFailPercent, "use a percentage from 0 (stop at the first failure) to 100 (call every provider)");
        }

        if (FailbackRetries < 0)
        {
            throw Invalid(key, nameof(FailbackRetries), FailbackRetries, "use 0 or more");
        }

        if (FailbackPeriod <= TimeSpan.Zero || FailbackPeriod.TotalMilliseconds > int.MaxValue)
        {
            throw Invalid(key, nameof(FailbackPeriod), FailbackPeriod.ToString("c", CultureInfo.InvariantCulture), "use a positive duration such as 00:00:05");
        }

        if (FailbackQueueSize < 1)
        {
            throw Invalid(key, nameof(FailbackQueueSize), FailbackQueueSize, "use 1 or more");
        }

        CircuitBreaker?.Validate(key);
        foreach (var (method, pipeline) in MethodResilience)
        {
            if (service.FindMethod(method) is null)
            {
                var names = new string[service.Methods.Count];
                for (var i = 0; i < names.Length; i++)
                {
                    names[i] = service.Methods[i].Name;
                }

                throw new InvalidOperationException(
                    $"The cluster settings of {key} set MethodResilience[\"{method}\"], but the service has no method {method}; use one of: {string.Join(", ", names)}.");
            }

            if (pipeline is null)
            {
                throw new InvalidOperationException($"The cluster settings of {key} set MethodResilience[\"{method}\"] to null; remove the entry instead.");
            }
        }
    }

    private static InvalidOperationException Invalid(string serviceKey, string name, int value, string fix)
        => Invalid(serviceKey, name, value.ToString(CultureInfo.InvariantCulture), fix);

    private static InvalidOperationException Invalid(string serviceKey, string name, string value, string fix)
        => new($"The cluster settings of {serviceKey} set {name} = {value}; {fix}.");
}
