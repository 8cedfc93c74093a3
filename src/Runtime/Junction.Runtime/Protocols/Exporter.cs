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
        _blocking = new int[service.Methods.Count];
    }

    // Per method: 1 once a call showed that the implementation blocks its caller (see TcpOptions.Dispatcher).
    private readonly int[] _blocking;

    /// <summary>The exported service.</summary>
    public ServiceDescriptor Service { get; }

    /// <summary>The provider chain: provider filters, then the dispatcher that calls the implementation.</summary>
    public IInvoker Invoker { get; }

    /// <summary>Whether a call of <paramref name="method"/> once held its caller's thread too long to run inline.</summary>
    internal bool IsBlocking(MethodDescriptor method) => Volatile.Read(ref _blocking[method.Index]) != 0;

    /// <summary>Records that <paramref name="method"/> blocks; true for the first caller to say so.</summary>
    internal bool MarkBlocking(MethodDescriptor method) => Interlocked.Exchange(ref _blocking[method.Index], 1) == 0;
}
