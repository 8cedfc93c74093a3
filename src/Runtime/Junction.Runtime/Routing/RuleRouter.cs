using Junction.Invocation;

namespace Junction.Routing;

/// <summary>
/// A router built from a rule (condition, tag, script): says what its result depends on, so the chain can cache it,
/// and describes itself for the error raised when routing leaves no provider.
/// </summary>
internal abstract class RuleRouter : IRouter
{
    /// <inheritdoc />
    public virtual int Priority => 0;

    /// <summary>What the result depends on; <see cref="RouteDependency.Invocation"/> when unsure.</summary>
    public abstract RouteDependency Dependency { get; }

    /// <summary>
    /// Names the router and its rule for people, e.g. <c>condition rule 'method=find* =&gt; host=10.0.0.*' of
    /// com.foo.BarService:1.0:.condition-router</c>.
    /// </summary>
    public abstract string Description { get; }

    /// <inheritdoc />
    public abstract IProviderInvoker[] Route(IProviderInvoker[] providers, Invocation.Invocation invocation);

    /// <inheritdoc />
    public override string ToString() => Description;
}
