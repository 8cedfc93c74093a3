namespace Junction;

/// <summary>
/// Marks an interface as a Junction service contract. The source generator emits a client proxy, a server dispatcher,
/// serializers and a <see cref="Contracts.ServiceDescriptor"/> for it at compile time, with these values baked in.
/// </summary>
/// <remarks>
/// The service key is Dubbo's: <c>{Group}/{Name}:{Version}</c>, where the group and version parts are left out when empty.
/// </remarks>
[AttributeUsage(AttributeTargets.Interface, Inherited = false, AllowMultiple = false)]
public sealed class RpcServiceAttribute : Attribute
{
    /// <summary>The service version (for example <c>1.2.0</c>); consumers only call providers of the same version. Empty by default.</summary>
    public string Version { get; set; } = "";

    /// <summary>The service group (for example <c>mall</c>); consumers only call providers of the same group. Empty by default.</summary>
    public string Group { get; set; } = "";

    /// <summary>
    /// The protocols the service is exported on: one name or a comma list such as <c>tcp,grpc</c>
    /// (<c>tcp</c>, <c>grpc</c>, <c>inproc</c>). Consumers use the first one unless they pick another. Default <c>tcp</c>.
    /// </summary>
    public string Protocol { get; set; } = "tcp";

    /// <summary>The interface name on the wire and in the registry. Default: the interface's full C# name.</summary>
    public string? Name { get; set; }
}
