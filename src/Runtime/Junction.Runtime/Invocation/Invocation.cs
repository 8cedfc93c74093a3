using Junction.Contracts;

namespace Junction.Invocation;

/// <summary>
/// One call as it travels through routers, the cluster, load balancers and filters: the method, the request message,
/// attachments (string headers that travel with the call), the timeout and the caller's cancellation.
/// </summary>
public sealed class Invocation
{
    private long _served;
    private Dictionary<string, string>? _attachments;
    private Dictionary<string, string>? _responseAttachments;

    /// <summary>Creates an invocation of <paramref name="method"/> with a request message.</summary>
    public Invocation(MethodDescriptor method, object request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(request);
        Method = method;
        Request = request;
        CancellationToken = cancellationToken;
    }

    /// <summary>The method called.</summary>
    public MethodDescriptor Method { get; }

    /// <summary>The service called.</summary>
    public ServiceDescriptor Service => Method.Service;

    /// <summary>The request message (a generated request message when the method has several parameters).</summary>
    public object Request { get; }

    /// <summary>The caller's cancellation.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>How long the call may take; <see cref="TimeSpan.Zero"/> until the consumer pipeline resolves it.</summary>
    public TimeSpan Timeout { get; set; }

    /// <summary>The calling application's name (used by routing rules), when known.</summary>
    public string? Application { get; set; }

    /// <summary>Attachments sent with the call (Dubbo's attachments, gRPC's metadata).</summary>
    public IDictionary<string, string> Attachments => _attachments ??= new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Whether any attachment was set, without creating the dictionary.</summary>
    public bool HasAttachments => _attachments is { Count: > 0 };

    /// <summary>Reads an attachment without creating the dictionary.</summary>
    public bool TryGetAttachment(string key, out string value)
    {
        if (_attachments is not null && _attachments.TryGetValue(key, out var found))
        {
            value = found;
            return true;
        }

        value = "";
        return false;
    }

    /// <summary>On a provider: when the call started being served (Stopwatch ticks), for deadline propagation; 0 elsewhere.</summary>
    internal long ServedSince
    {
        get => Math.Abs(Volatile.Read(ref _served));
        set => Volatile.Write(ref _served, value);
    }

    /// <summary>
    /// On a provider: true once the implementation finished the call; from then on <see cref="CancellationToken"/> may
    /// belong to another call (protocols pool its source), so work the call left running must not read it. Kept as the
    /// sign of <see cref="ServedSince"/> (a Stopwatch timestamp, never negative) rather than in a field of its own: every
    /// call allocates an invocation on each side, and one more field would make it 8 bytes larger.
    /// </summary>
    internal bool ServedEnded => Volatile.Read(ref _served) < 0;

    /// <summary>Marks the call as ended (<see cref="ServedEnded"/>); <see cref="ServedSince"/> keeps its value.</summary>
    internal void EndServing() => Volatile.Write(ref _served, -Math.Abs(Volatile.Read(ref _served)));

    /// <summary>On a provider: attachments the implementation sends back (<see cref="RpcContext.SetResponseAttachment"/>), or null.</summary>
    internal IReadOnlyDictionary<string, string>? ResponseAttachments => _responseAttachments;

    internal void SetResponseAttachment(string key, string value)
    {
        lock (this)
        {
            // A copy per write: the protocol may be reading the previous dictionary while an implementation still runs.
            _responseAttachments = new Dictionary<string, string>(_responseAttachments ?? [], StringComparer.Ordinal) { [key] = value };
        }
    }

    /// <summary>
    /// A copy of this call that is cancelled by <paramref name="cancellationToken"/> instead: for attempts that run at
    /// the same time (forking), in the background (failback) or under a resilience pipeline's own token. Attachments are
    /// copied so that concurrent attempts never share a dictionary.
    /// </summary>
    internal Invocation CopyFor(CancellationToken cancellationToken)
    {
        var copy = new Invocation(Method, Request, cancellationToken) { Timeout = Timeout, Application = Application };
        if (_attachments is { Count: > 0 })
        {
            copy._attachments = new Dictionary<string, string>(_attachments, StringComparer.Ordinal);
        }

        return copy;
    }

    /// <summary>Argument <paramref name="index"/> of the call, or null (Dubbo's <c>arguments[N]</c>).</summary>
    public object? GetArgument(int index) => MethodDescriptor.GetArgument(Request, index);

    /// <summary>Writes argument <paramref name="index"/> as UTF-8 text (see <see cref="RpcArgumentText"/>); nothing if there is none.</summary>
    internal bool TryFormatArgument(int index, Span<byte> destination, out int bytesWritten)
        => MethodDescriptor.TryFormatArgument(Request, index, destination, out bytesWritten);

    /// <summary>The number of arguments of the call.</summary>
    public int ArgumentCount => MethodDescriptor.GetArgumentCount(Request);

    /// <inheritdoc />
    public override string ToString() => Method.FullName;
}
