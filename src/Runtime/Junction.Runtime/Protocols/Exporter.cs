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
        _warm = new int[service.Methods.Count];
        _score = new int[service.Methods.Count];
    }

    /// <summary>
    /// What a slow call adds to its method's score; every quick call takes one off. A method whose score reaches
    /// <see cref="BlockingScore"/> blocks: three slow calls in a row, or more than about one call in ten slow over a
    /// stretch. A lone slow call (the operating system took the CPU from it) fades after a few quick ones.
    /// </summary>
    internal const int SlowCallWeight = 9;

    /// <summary>The score that shows a method blocks (see <see cref="SlowCallWeight"/>).</summary>
    internal const int BlockingScore = 3 * SlowCallWeight;

    // Per method: 1 once calls showed that the implementation blocks its caller (see TcpOptions.Dispatcher).
    private readonly int[] _blocking;

    // Per method: 1 once a call has finished; calls that started before (compiling the code, running type initialisers,
    // or waiting for that on another connection) say nothing about the method.
    private readonly int[] _warm;

    // Per method: the slow-call score (see SlowCallWeight).
    private readonly int[] _score;

    /// <summary>The exported service.</summary>
    public ServiceDescriptor Service { get; }

    /// <summary>The provider chain: provider filters, then the dispatcher that calls the implementation.</summary>
    public IInvoker Invoker { get; }

    /// <summary>Whether calls of <paramref name="method"/> showed that it holds its caller's thread too long to run inline.</summary>
    internal bool IsBlocking(MethodDescriptor method) => Volatile.Read(ref _blocking[method.Index]) != 0;

    /// <summary>Whether a call of <paramref name="method"/> has finished: read before a call, it says whether to judge it.</summary>
    internal bool IsWarm(MethodDescriptor method) => Volatile.Read(ref _warm[method.Index]) != 0;

    /// <summary>Records that a call of <paramref name="method"/> has finished.</summary>
    internal void MarkWarm(MethodDescriptor method) => Volatile.Write(ref _warm[method.Index], 1);

    /// <summary>
    /// Records whether a judged call of <paramref name="method"/> held its caller's thread too long; true for the one
    /// call that shows the method blocks (see <see cref="SlowCallWeight"/>), which marks it for good.
    /// </summary>
    internal bool RecordCall(MethodDescriptor method, bool slow)
    {
        ref var score = ref _score[method.Index];
        if (!slow)
        {
            // Read before writing: the common case shares the cache line without dirtying it. A decrement lost to a
            // race only delays the fading of a slow call; a compare-exchange never overwrites one just added.
            var current = Volatile.Read(ref score);
            if (current > 0)
            {
                Interlocked.CompareExchange(ref score, current - 1, current);
            }

            return false;
        }

        return Interlocked.Add(ref score, SlowCallWeight) >= BlockingScore && Interlocked.Exchange(ref _blocking[method.Index], 1) == 0;
    }
}
