using Junction.Registry;

namespace Junction.Routing.Tag;

/// <summary>
/// One entry of a tag rule's <c>tags</c>: a name and the providers that carry it, listed by <c>addresses</c> or (from
/// configVersion v3.0) selected by <c>match</c>. When both are given the addresses win, as in Dubbo.
/// </summary>
internal sealed class TagDefinition(string name, AddressExpression[] addresses, TagParamMatch[] match)
{
    /// <summary>The tag, possibly hierarchical (<c>gray|beijing</c>).</summary>
    public string Name { get; } = name;

    public IReadOnlyList<AddressExpression> Addresses => addresses;

    /// <summary>The match entries, empty unless the rule's configVersion honours them and no addresses are given.</summary>
    public IReadOnlyList<TagParamMatch> Match => match;

    /// <summary>Whether a provider satisfies every match entry (only meaningful when <see cref="Match"/> is not empty).</summary>
    public bool MatchesParameters(ServiceInstance provider)
    {
        foreach (var entry in match)
        {
            if (!entry.IsMatch(provider))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether any address expression names the provider.</summary>
    public bool ListsAddress(in ProviderAddress address)
    {
        foreach (var expression in addresses)
        {
            if (expression.Matches(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
