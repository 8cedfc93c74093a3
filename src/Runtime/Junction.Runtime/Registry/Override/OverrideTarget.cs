using Junction.Routing;

namespace Junction.Registry.Override;

/// <summary>
/// What an override item is matched against: one provider as this consumer lists it. Dubbo applies configurators to
/// the provider URL merged with the consumer's parameters, so a consumer-side item reads the consumer's host,
/// application and parameters first; a provider-side item reads the provider's.
/// </summary>
internal readonly struct OverrideTarget(RouteConsumer consumer, ServiceInstance provider)
{
    public ServiceInstance Provider => provider;

    /// <summary>The host <c>addresses</c> and <c>match.address</c> name: the consumer's or the provider's.</summary>
    public string Host(OverrideSide side) => side == OverrideSide.Consumer ? consumer.Host : provider.Host;

    /// <summary>The application <c>applications</c> and <c>match.app</c> name; null when the provider does not say.</summary>
    public string? Application(OverrideSide side)
        => side == OverrideSide.Consumer ? consumer.Application
            : provider.Metadata.TryGetValue("application", out var name) ? name : null;

    /// <summary>A parameter for <c>match.param</c>; null when absent.</summary>
    public string? Parameter(OverrideSide side, string key)
    {
        if (side == OverrideSide.Consumer)
        {
            if (consumer.Parameters.TryGetValue(key, out var own))
            {
                return own;
            }

            switch (key)
            {
                case "application":
                    return consumer.Application;
                case "side":
                    return "consumer";
            }
        }

        return RouteParameters.TryGetProvider(provider, key, out var value) ? value : null;
    }
}
