using Junction.Contracts;
using Junction.Invocation;
using Junction.Registry;

namespace Junction.Protocols;

/// <summary>
/// A way to carry calls between processes (or inside one): makes exported services reachable and creates invokers
/// for providers found in the registry (Dubbo's Protocol).
/// </summary>
public interface IProtocol
{
    /// <summary>The protocol name as contracts and registries spell it (<c>tcp</c>, <c>grpc</c>, <c>inproc</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Makes a service reachable and returns the instance to register (service key, protocol, host and port filled in).
    /// </summary>
    ValueTask<ServiceInstance> ExportAsync(Exporter exporter, CancellationToken cancellationToken = default);

    /// <summary>Stops serving a service exported earlier.</summary>
    ValueTask UnexportAsync(Exporter exporter, CancellationToken cancellationToken = default);

    /// <summary>Creates an invoker for one provider; connections are made lazily and kept by the invoker.</summary>
    IProviderInvoker Refer(ServiceInstance instance, ServiceDescriptor service);
}
