namespace Junction.Routing;

/// <summary>
/// What a router's result depends on besides the providers and its rules, so the chain knows what it may cache.
/// </summary>
[Flags]
internal enum RouteDependency
{
    /// <summary>Only the providers, the rule and the consumer (fixed per reference): cached per provider list and rule version.</summary>
    None = 0,

    /// <summary>The called method: cached per method.</summary>
    Method = 1,

    /// <summary>The request tag (attachment <c>dubbo.tag</c> and <c>dubbo.force.tag</c>): cached per method and tag.</summary>
    RequestTag = 2,

    /// <summary>Anything else of the call (arguments, other attachments, randomness): never cached.</summary>
    Invocation = 4,
}
