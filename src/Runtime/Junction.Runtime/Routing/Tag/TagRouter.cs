using System.Runtime.CompilerServices;
using Junction.Invocation;

namespace Junction.Routing.Tag;

/// <summary>
/// Dubbo's tag router (<c>TagStateRouter</c>): sends a call that carries a tag to the providers with that tag, and
/// untagged calls to untagged providers only. A provider's static tag is its metadata <c>dubbo.tag</c>; a dynamic rule
/// (<see cref="TagRuleDocument"/>) tags providers by address or by their parameters. The request tag is the
/// attachment <c>dubbo.tag</c>, else the consumer's parameter <c>dubbo.tag</c>; <c>dubbo.force.tag</c> (attachment,
/// else consumer parameter, default false) forbids falling back to untagged providers.
/// </summary>
/// <remarks>
/// <para>Without a rule (or with a disabled one): tag T ⇒ providers with static tag T; when there are none and the tag
/// is not forced, the untagged providers. No tag ⇒ untagged providers.</para>
/// <para>With a rule, tag T: the rule's providers for T, where a hierarchical tag <c>a|b|c</c> that is not forced
/// falls back to <c>a|b</c>, then <c>a</c>. When the rule has T, its providers are the answer if there are any or the
/// rule is forced. When the rule lacks T, the providers with static tag T. If that leaves none and the tag is not
/// forced: the providers no dynamic tag names and with no static tag. No tag ⇒ those same providers.</para>
/// <para>Everything except the request tag and force flag is worked out once per provider array (the chain hands the
/// same array until the providers change); filters return the input array itself when they keep every provider.</para>
/// </remarks>
internal sealed class TagRouter : RuleRouter
{
    /// <summary>Provider metadata, consumer parameter and attachment carrying a tag (Dubbo's <c>TAG_KEY</c>).</summary>
    public const string TagKey = "dubbo.tag";

    /// <summary>Attachment or consumer parameter that forbids falling back to untagged providers (Dubbo's <c>FORCE_USE_TAG</c>).</summary>
    public const string ForceTagKey = "dubbo.force.tag";

    /// <summary>Dubbo's <c>TagStateRouter</c> order: after mock and mesh routers, before condition routers' app and service rules.</summary>
    public const int DefaultPriority = 100;

    private readonly TagRuleDocument? _rule;
    private readonly string _consumerTag;
    private readonly bool _consumerForce;
    private readonly ConditionalWeakTable<IProviderInvoker[], TagProviderView> _views = new();
    private readonly ConditionalWeakTable<IProviderInvoker[], TagProviderView>.CreateValueCallback _createView;
    private volatile TagProviderView? _lastView;

    /// <summary>Creates the router for <paramref name="consumer"/>.</summary>
    /// <param name="consumer">The consumer; its <c>dubbo.tag</c> and <c>dubbo.force.tag</c> parameters are the defaults.</param>
    /// <param name="rule">The dynamic rule, or null for static tags only; a disabled rule counts as none.</param>
    /// <param name="source">Where the router comes from (its rule key, or the service for static tags), for people.</param>
    public TagRouter(RouteConsumer consumer, TagRuleDocument? rule, string source)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(source);
        _rule = rule is { Enabled: true } ? rule : null;
        _consumerTag = consumer.Parameters.TryGetValue(TagKey, out var tag) ? tag : "";
        _consumerForce = consumer.Parameters.TryGetValue(ForceTagKey, out var force) && IsTrue(force);
        _createView = providers => new TagProviderView(providers, _rule);
        Description = _rule is null
            ? $"tag router of {source} ({(rule is null ? "static tags only" : "rule disabled: static tags only")})"
            : $"tag rule '{source}' (tags {string.Join(", ", _rule.Tags)}; force={(_rule.Force ? "true" : "false")})";
    }

    /// <inheritdoc />
    public override int Priority => DefaultPriority;

    /// <inheritdoc />
    public override RouteDependency Dependency => RouteDependency.RequestTag;

    /// <inheritdoc />
    public override string Description { get; }

    /// <inheritdoc />
    public override IProviderInvoker[] Route(IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        if (providers.Length == 0)
        {
            return providers;
        }

        var view = ViewOf(providers);
        var tag = invocation.TryGetAttachment(TagKey, out var requested) && requested.Length > 0 ? requested : _consumerTag;
        if (tag.Length == 0)
        {
            return view.Untagged;
        }

        var forceUseTag = invocation.TryGetAttachment(ForceTagKey, out var force) && force.Length > 0 ? IsTrue(force) : _consumerForce;
        IProviderInvoker[] result;
        if (_rule is not null && SelectDynamicTag(view, tag, forceUseTag) is { } members)
        {
            result = view.Members(members);
            if (result.Length > 0 || _rule.Force)
            {
                return result;
            }
        }
        else
        {
            result = view.WithStaticTag(tag);
        }

        return result.Length > 0 || forceUseTag ? result : view.Untagged;
    }

    /// <summary>
    /// The rule's providers for <paramref name="tag"/>; unless forced, <c>a|b|c</c> falls back to <c>a|b</c>, then
    /// <c>a</c> (Dubbo's <c>selectAddressByTagLevel</c>). Null when no level is set.
    /// </summary>
    private static bool[]? SelectDynamicTag(TagProviderView view, string tag, bool forceUseTag)
    {
        var selector = tag.AsSpan();
        while (true)
        {
            var members = view.DynamicTag(selector);
            var bar = selector.LastIndexOf('|');
            if (members is not null || forceUseTag || bar < 0)
            {
                return members;
            }

            selector = selector[..bar];
        }
    }

    private TagProviderView ViewOf(IProviderInvoker[] providers)
    {
        var last = _lastView;
        if (last is not null && ReferenceEquals(last.Providers, providers))
        {
            return last;
        }

        var view = _views.GetValue(providers, _createView);
        _lastView = view;
        return view;
    }

    /// <summary>Java's <c>Boolean.parseBoolean</c>: "true" in any case; everything else is false.</summary>
    private static bool IsTrue(string value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
