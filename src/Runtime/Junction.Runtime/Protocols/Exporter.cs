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
        _slowStreak = new int[service.Methods.Count];
    }

    /// <summary>
    /// Slow calls in a row that show a method blocks. One is not enough: a method's first call compiles its code and
    /// runs type initialisers, and the operating system may take the CPU from any call for a millisecond or more; a
    /// method that blocks on I/O does so every time.
    /// </summary>
    internal const int SlowCallsInARow = 3;

    // Per method: 1 once calls showed that the implementation blocks its caller (see TcpOptions.Dispatcher).
    private readonly int[] _blocking;

    // Per method: slow calls since the last call that was not (see SlowCallsInARow).
    private readonly int[] _slowStreak;

    /// <summary>The exported service.</summary>
    public ServiceDescriptor Service { get; }

    /// <summary>The provider chain: provider filters, then the dispatcher that calls the implementation.</summary>
    public IInvoker Invoker { get; }

    /// <summary>Whether a call of <paramref name="method"/> once held its caller's thread too long to run inline.</summary>
    internal bool IsBlocking(MethodDescriptor method) => Volatile.Read(ref _blocking[method.Index]) != 0;

    /// <summary>
    /// Records whether a call of <paramref name="method"/> held its caller's thread too long; true for the call that
    /// shows the method blocks (the <see cref="SlowCallsInARow"/>th slow call in a row), which marks it for good.
    /// </summary>
    internal bool RecordCall(MethodDescriptor method, bool slow)
    {
        ref var streak = ref _slowStreak[method.Index];
        if (!slow)
        {
            // Read before writing: the common case shares the cache line without dirtying it.
            if (Volatile.Read(ref streak) != 0)
            {
                Volatile.Write(ref streak, 0);
            }

            return false;
        }

        return Interlocked.Increment(ref streak) >= SlowCallsInARow && Interlocked.Exchange(ref _blocking[method.Index], 1) == 0;
    }
}
