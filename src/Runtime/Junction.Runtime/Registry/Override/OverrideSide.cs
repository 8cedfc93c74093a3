namespace Junction.Registry.Override;

/// <summary>Which side of a call an override item is for (Dubbo's <c>side</c>).</summary>
internal enum OverrideSide
{
    /// <summary>
    /// <c>side: consumer</c>: how this consumer sees the providers. <c>addresses</c> name consumer hosts,
    /// <c>providerAddresses</c> the providers, <c>applications</c> the consumer application.
    /// </summary>
    Consumer,

    /// <summary>
    /// <c>side: provider</c>: what the matching providers would have published about themselves. In Dubbo the provider
    /// applies these to the URL it registers; Junction's consumer applies them to the listed instance, which has the
    /// same effect on its calls. <c>addresses</c> name provider hosts, <c>applications</c> the provider application.
    /// </summary>
    Provider,
}
