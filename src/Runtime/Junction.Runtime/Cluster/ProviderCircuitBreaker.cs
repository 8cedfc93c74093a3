using Junction.Invocation;
using Polly;
using Polly.CircuitBreaker;

namespace Junction.Cluster;

/// <summary>
/// The circuit breaker of one provider: a Polly circuit-breaker pipeline that every attempt on the provider runs
/// through, and what the cluster reads when it lists providers (<see cref="IsSelectable"/>).
/// </summary>
internal sealed class ProviderCircuitBreaker
{
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly TimeProvider _time;

    // When the open circuit lets a trial call through, in UTC ticks. Polly keeps its own copy privately and decides
    // lazily, on the next call, whether the break is over; the cluster needs to know before it selects.
    private long _openUntilTicks;

    public ProviderCircuitBreaker(CircuitBreakerSettings settings, TimeProvider time)
    {
        _time = time;
        Pipeline = new ResiliencePipelineBuilder<RpcResult> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<RpcResult>
            {
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                ShouldHandle = args => new ValueTask<bool>(IsFailure(args.Outcome)),
                StateProvider = _state,
                OnOpened = args =>
                {
                    Volatile.Write(ref _openUntilTicks, (_time.GetUtcNow() + args.BreakDuration).UtcTicks);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>
    /// What counts against the provider: transport failures, never business errors. A call its caller cancelled says
    /// nothing either way, so it does not count — except as the half-open trial, which then has not shown the provider
    /// healthy and must not close the circuit (Polly closes it on any outcome not handled here).
    /// </summary>
    private bool IsFailure(Outcome<RpcResult> outcome)
        => outcome.Exception is not null
            || ClusterErrors.IsTransient(outcome.Result)
            || (outcome.Result.Exception is RpcException { StatusCode: RpcStatusCode.Cancelled } && _state.CircuitState == CircuitState.HalfOpen);

    /// <summary>The breaker as a pipeline; attempts run inside it.</summary>
    public ResiliencePipeline<RpcResult> Pipeline { get; }

    /// <summary>Polly's view of the circuit.</summary>
    public CircuitState State => _state.CircuitState;

    /// <summary>
    /// Whether the cluster may choose the provider: its circuit is closed, or open with the break over (the next call is
    /// the trial). A half-open circuit already has its trial call in flight, so the provider stays out until it ends.
    /// </summary>
    public bool IsSelectable => _state.CircuitState switch
    {
        CircuitState.Closed => true,
        CircuitState.Open => _time.GetUtcNow().UtcTicks >= Volatile.Read(ref _openUntilTicks),
        _ => false,
    };
}
