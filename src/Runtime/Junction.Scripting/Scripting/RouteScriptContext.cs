using Junction.Invocation;
using Junction.Registry;
using Junction.Routing;

namespace Junction.Scripting;

/// <summary>
/// What a C# routing script sees (Dubbo's <c>invokers</c>, <c>invocation</c> and <c>context</c> bindings): the candidate
/// providers, the call and the consumer, as members the script names directly. A script is the body of a method of a
/// class derived from this one, so <c>Providers.Where(p =&gt; p.Metadata["region"] == Consumer.Parameters["region"])</c>
/// compiles as it reads. The script returns the providers the call may use, as a sequence of <see cref="Providers"/>.
/// </summary>
/// <remarks>
/// Instances are reused from call to call and are only valid while the script runs; the compiled rule derives from this
/// class, nobody else needs to.
/// </remarks>
public abstract class RouteScriptContext
{
    private readonly RouteCandidates _candidates = new();
    private Invocation.Invocation? _invocation;
    private RouteConsumer? _consumer;

    /// <summary>Called by the compiled rule only.</summary>
    protected RouteScriptContext()
    {
    }

    /// <summary>The candidate providers, in the order routing received them.</summary>
    public IReadOnlyList<ServiceInstance> Providers => _candidates.Instances;

    /// <summary>The name of the method called, as on the wire (Dubbo's condition key <c>method</c>).</summary>
    public string Method => Call.Method.Name;

    /// <summary>The service called, <c>{group}/{interface}:{version}</c>.</summary>
    public string Service => Call.Service.ServiceKey;

    /// <summary>How many arguments the call has.</summary>
    public int ArgumentCount => Call.ArgumentCount;

    /// <summary>Argument <paramref name="index"/> of the call (from 0), or null when there is none (Dubbo's <c>arguments[N]</c>).</summary>
    public object? Argument(int index) => Call.GetArgument(index);

    /// <summary>The attachment <paramref name="key"/> sent with the call, or null when it is absent.</summary>
    public string? Attachment(string key) => Call.TryGetAttachment(key, out var value) ? value : null;

    /// <summary>The consumer making the call: its application, host and parameters.</summary>
    public RouteConsumer Consumer => _consumer ?? throw NotRouting();

    /// <summary>The rule itself: the script's statements, or its expression made into a <c>return</c>.</summary>
    protected abstract IEnumerable<ServiceInstance>? Route();

    private Invocation.Invocation Call => _invocation ?? throw NotRouting();

    /// <summary>The state of the call being routed, kept between calls so that an unchanged provider array costs nothing.</summary>
    internal RouteCandidates Candidates => _candidates;

    /// <summary>Runs the rule for one call; the caller must consume the result before <see cref="Release"/>.</summary>
    internal IEnumerable<ServiceInstance>? Run(IProviderInvoker[] providers, Invocation.Invocation invocation, RouteConsumer consumer)
    {
        _candidates.Use(providers);
        _invocation = invocation;
        _consumer = consumer;
        RouteScriptBudget.Reset();
        return Route();
    }

    /// <summary>Drops the call so a reused context holds no invocation alive.</summary>
    internal void Release()
    {
        _invocation = null;
        _consumer = null;
    }

    private static InvalidOperationException NotRouting()
        => new("A route script context is only valid while its rule runs; do not keep it or call it later.");
}
