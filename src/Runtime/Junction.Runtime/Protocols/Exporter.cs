using Junction.Contracts;
using Junction.Invocation;

namespace Junction.Protocols;

/// <summary>A service ready to be served: its descriptor and the provider chain that ends in the generated dispatcher.</summary>
public sealed class Exporter
{
    /// <summary>Creates an exporter.</summary>
    public Exporter(ServiceDescriptor service, IInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(invoker);
        Service = service;
        Invoker = invoker;
    }

    /// <summary>The exported service.</summary>
    public ServiceDescriptor Service { get; }

    /// <summary>The provider chain: provider filters, then the dispatcher that calls the implementation.</summary>
    public IInvoker Invoker { get; }
}
