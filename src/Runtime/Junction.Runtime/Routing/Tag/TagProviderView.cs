using Junction.Invocation;

namespace Junction.Routing.Tag;

/// <summary>
/// What the tag router needs to know about one provider array, worked out once per array: each provider's static tag,
/// which providers each dynamic tag resolves to (addresses matched, <c>match</c> entries evaluated), and the untagged
/// providers. Immutable; filters keep the input order and return the input array itself when they keep everything.
/// </summary>
internal sealed class TagProviderView
{
    private readonly string[] _staticTags;
    private readonly Dictionary<string, bool[]>? _dynamicTags;
    private readonly Dictionary<string, bool[]>.AlternateLookup<ReadOnlySpan<char>> _dynamicLookup;

    public TagProviderView(IProviderInvoker[] providers, TagRuleDocument? rule)
    {
        Providers = providers;
        _staticTags = new string[providers.Length];
        for (var i = 0; i < providers.Length; i++)
        {
            _staticTags[i] = RouteParameters.TryGetProvider(providers[i].Instance, TagRouter.TagKey, out var tag) ? tag : "";
            AnyStaticTag |= _staticTags[i].Length > 0;
        }

        bool[]? inAnyDynamicTag = null;
        if (rule is not null)
        {
            _dynamicTags = ResolveDynamicTags(providers, rule);
            _dynamicLookup = _dynamicTags.GetAlternateLookup<ReadOnlySpan<char>>();
            foreach (var members in _dynamicTags.Values)
            {
                inAnyDynamicTag ??= new bool[providers.Length];
                for (var i = 0; i < members.Length; i++)
                {
                    inAnyDynamicTag[i] |= members[i];
                }
            }
        }

        Untagged = Filter(new IsUntagged(_staticTags, inAnyDynamicTag));
    }

    /// <summary>The array this view describes.</summary>
    public IProviderInvoker[] Providers { get; }

    /// <summary>Whether any provider has a static tag.</summary>
    public bool AnyStaticTag { get; }

    /// <summary>Providers with an empty static tag that no dynamic tag resolves to: what untagged calls may use.</summary>
    public IProviderInvoker[] Untagged { get; }

    /// <summary>
    /// Which providers the dynamic tag <paramref name="tag"/> resolves to, or null when the rule leaves it unset (not
    /// in the rule, or a match tag no provider satisfies). An address tag is set even when it names no current provider.
    /// </summary>
    public bool[]? DynamicTag(ReadOnlySpan<char> tag)
        => _dynamicTags is not null && _dynamicLookup.TryGetValue(tag, out var members) ? members : null;

    /// <summary>The providers whose static tag is <paramref name="tag"/>.</summary>
    public IProviderInvoker[] WithStaticTag(string tag) => AnyStaticTag ? Filter(new HasStaticTag(_staticTags, tag)) : [];

    /// <summary>The providers a <see cref="DynamicTag"/> result marks.</summary>
    public IProviderInvoker[] Members(bool[] members) => Filter(new IsMember(members));

    private static Dictionary<string, bool[]> ResolveDynamicTags(IProviderInvoker[] providers, TagRuleDocument rule)
    {
        var resolved = new Dictionary<string, bool[]>(rule.Tags.Count, StringComparer.Ordinal);
        ProviderAddress[]? addresses = null;
        foreach (var tag in rule.Tags)
        {
            if (tag.Addresses.Count > 0)
            {
                addresses ??= Array.ConvertAll(providers, p => ProviderAddress.Of(p.Instance));
                var members = new bool[providers.Length];
                for (var i = 0; i < providers.Length; i++)
                {
                    members[i] = tag.ListsAddress(addresses[i]);
                }

                resolved[tag.Name] = members;
            }
            else if (tag.Match.Count > 0 && ResolveMatch(providers, tag) is { } matched)
            {
                resolved[tag.Name] = matched;
            }
        }

        return resolved;
    }

    /// <summary>
    /// Dubbo turns a match tag into the addresses (<c>host:port</c>) of the providers that match, so every provider at
    /// such an address carries the tag; null when none matches (the tag stays unset).
    /// </summary>
    private static bool[]? ResolveMatch(IProviderInvoker[] providers, TagDefinition tag)
    {
        HashSet<string>? addresses = null;
        foreach (var provider in providers)
        {
            if (tag.MatchesParameters(provider.Instance))
            {
                (addresses ??= new HashSet<string>(StringComparer.Ordinal)).Add(provider.Instance.Address);
            }
        }

        if (addresses is null)
        {
            return null;
        }

        var members = new bool[providers.Length];
        for (var i = 0; i < providers.Length; i++)
        {
            members[i] = addresses.Contains(providers[i].Instance.Address);
        }

        return members;
    }

    private IProviderInvoker[] Filter<TKeep>(TKeep keep)
        where TKeep : struct, IKeep
    {
        var count = 0;
        for (var i = 0; i < Providers.Length; i++)
        {
            count += keep.Keep(i) ? 1 : 0;
        }

        if (count == Providers.Length)
        {
            return Providers;
        }

        if (count == 0)
        {
            return [];
        }

        var kept = new IProviderInvoker[count];
        var next = 0;
        for (var i = 0; i < Providers.Length; i++)
        {
            if (keep.Keep(i))
            {
                kept[next++] = Providers[i];
            }
        }

        return kept;
    }

    private interface IKeep
    {
        bool Keep(int index);
    }

    private readonly struct HasStaticTag(string[] staticTags, string tag) : IKeep
    {
        public bool Keep(int index) => string.Equals(staticTags[index], tag, StringComparison.Ordinal);
    }

    private readonly struct IsMember(bool[] members) : IKeep
    {
        public bool Keep(int index) => members[index];
    }

    private readonly struct IsUntagged(string[] staticTags, bool[]? inAnyDynamicTag) : IKeep
    {
        public bool Keep(int index) => staticTags[index].Length == 0 && !(inAnyDynamicTag?[index] ?? false);
    }
}
