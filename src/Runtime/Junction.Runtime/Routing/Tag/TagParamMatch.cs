using Junction.Registry;

namespace Junction.Routing.Tag;

/// <summary>One entry of a tag's <c>match</c> (Dubbo's <c>ParamMatch</c>): a provider parameter and how its value must look.</summary>
internal sealed class TagParamMatch(string key, TagStringMatch value)
{
    /// <summary>The provider parameter, read as condition rules read it (metadata, or <c>host</c>, <c>port</c>, …).</summary>
    public string Key { get; } = key;

    public TagStringMatch Value { get; } = value;

    public bool IsMatch(ServiceInstance provider)
        => Value.IsMatch(RouteParameters.TryGetProvider(provider, Key, out var found) ? found : null);

    /// <inheritdoc />
    public override string ToString() => Key + " " + Value;
}
