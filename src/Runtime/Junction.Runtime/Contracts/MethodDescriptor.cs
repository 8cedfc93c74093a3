using System.Buffers;
using System.ComponentModel;
using Junction.Invocation;
using Junction.Serialization;

namespace Junction.Contracts;

/// <summary>
/// One method of a service contract, generated at compile time: its wire name, per-method options, serializers and the
/// server handler that calls the implementation. Static and shared by every call.
/// </summary>
public abstract class MethodDescriptor
{
    private ServiceDescriptor? _service;

    private static readonly int[] FirstArgument = [0];

    private protected MethodDescriptor(string name, string clrName, int timeoutMs, int retries, bool idempotent, int[]? hashArguments)
    {
        Name = name;
        ClrName = clrName;
        TimeoutMs = timeoutMs;
        Retries = retries;
        Idempotent = idempotent;
        HashArguments = hashArguments is { Length: > 0 } ? [.. hashArguments] : FirstArgument;
    }

    /// <summary>The method name on the wire (the C# name without <c>Async</c> unless renamed).</summary>
    public string Name { get; }

    /// <summary>The C# method name.</summary>
    public string ClrName { get; }

    /// <summary>The position of the method in <see cref="ServiceDescriptor.Methods"/>.</summary>
    public int Index { get; private set; }

    /// <summary>The service the method belongs to.</summary>
    public ServiceDescriptor Service => _service ?? throw new InvalidOperationException($"Method {Name} is not part of a service descriptor yet.");

    /// <summary>The contract's timeout in milliseconds; 0 when the contract leaves it to the consumer.</summary>
    public int TimeoutMs { get; }

    /// <summary>The contract's retry count; -1 when the contract leaves it to the consumer.</summary>
    public int Retries { get; }

    /// <summary>Whether the contract marks the method idempotent (safe to retry).</summary>
    public bool Idempotent { get; }

    /// <summary>
    /// The arguments the consistent-hash balancer hashes, by index (the contract's
    /// <see cref="RpcMethodAttribute.HashArguments"/>; the first when it sets none). Indexes the call does not have are
    /// skipped, as Dubbo skips them.
    /// </summary>
    internal int[] HashArguments { get; }

    /// <summary>The CLR type of the request message.</summary>
    public abstract Type RequestType { get; }

    /// <summary>The CLR type of the response message.</summary>
    public abstract Type ResponseType { get; }

    /// <summary>The method's full name for messages and metrics: <c>{service key}.{method}</c>.</summary>
    public string FullName => Service.ServiceKey + "." + Name;

    internal void Attach(ServiceDescriptor service, int index)
    {
        if (_service is not null && !ReferenceEquals(_service, service))
        {
            throw new InvalidOperationException($"Method {Name} already belongs to {_service.ServiceKey}.");
        }

        _service = service;
        Index = index;
    }

    /// <summary>Returns argument <paramref name="index"/> of a request (for routing and consistent hashing), or null.</summary>
    public static object? GetArgument(object request, int index) => request switch
    {
        IRpcArguments arguments => index >= 0 && index < arguments.Count ? arguments.GetArgument(index) : null,
        Empty => null,
        _ => index == 0 ? request : null,
    };

    /// <summary>Returns how many arguments a request carries.</summary>
    public static int GetArgumentCount(object request) => request switch
    {
        IRpcArguments arguments => arguments.Count,
        Empty => 0,
        _ => 1,
    };

    /// <summary>Writes argument <paramref name="index"/> of a request as UTF-8 text (see <see cref="RpcArgumentText"/>).</summary>
    internal static bool TryFormatArgument(object request, int index, Span<byte> destination, out int bytesWritten) => request switch
    {
        IRpcArguments arguments => index >= 0 && index < arguments.Count
            ? arguments.TryFormatArgument(index, destination, out bytesWritten)
            : RpcArgumentText.None(out bytesWritten),
        Empty => RpcArgumentText.None(out bytesWritten),
        _ => index == 0 ? RpcArgumentText.TryFormatObject(request, destination, out bytesWritten) : RpcArgumentText.None(out bytesWritten),
    };

    /// <summary>Encodes a request message.</summary>
    public abstract void SerializeRequest(object request, IBufferWriter<byte> output);

    /// <summary>Decodes a request message; malformed input throws <see cref="RpcException"/> with status Internal.</summary>
    public abstract object DeserializeRequest(ReadOnlySpan<byte> payload);

    /// <summary>Encodes a response message.</summary>
    public abstract void SerializeResponse(object response, IBufferWriter<byte> output);

    /// <summary>Decodes a response message; malformed input throws <see cref="RpcException"/> with status Internal.</summary>
    public abstract object DeserializeResponse(ReadOnlySpan<byte> payload);

    /// <summary>Calls the implementation with a decoded request; the provider pipeline's last step.</summary>
    internal abstract ValueTask<object> InvokeHandlerAsync(object implementation, object request, CancellationToken cancellationToken);

    /// <summary>The encoded size of a request, so a protocol can frame it before writing it in place.</summary>
    internal abstract int GetRequestSize(object request);

    /// <summary>Writes a request of exactly <see cref="GetRequestSize"/> bytes into <paramref name="destination"/>.</summary>
    internal abstract void WriteRequest(object request, Span<byte> destination);

    /// <summary>The encoded size of a response.</summary>
    internal abstract int GetResponseSize(object response);

    /// <summary>Writes a response of exactly <see cref="GetResponseSize"/> bytes into <paramref name="destination"/>.</summary>
    internal abstract void WriteResponse(object response, Span<byte> destination);
}

/// <summary>A method whose request and response messages are <typeparamref name="TRequest"/> and <typeparamref name="TResponse"/>.</summary>
public sealed class MethodDescriptor<TRequest, TResponse> : MethodDescriptor
    where TRequest : class
    where TResponse : class
{
    private readonly Func<object, TRequest, CancellationToken, ValueTask<TResponse>> _handler;

    /// <summary>Called by generated code only.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public MethodDescriptor(
        string name,
        string clrName,
        int timeoutMs,
        int retries,
        bool idempotent,
        RpcSerializer<TRequest> requestSerializer,
        RpcSerializer<TResponse> responseSerializer,
        Func<object, TRequest, CancellationToken, ValueTask<TResponse>> handler,
        int[]? hashArguments = null)
        : base(name, clrName, timeoutMs, retries, idempotent, hashArguments)
    {
        RequestSerializer = requestSerializer;
        ResponseSerializer = responseSerializer;
        _handler = handler;
    }

    /// <summary>The request serializer.</summary>
    public RpcSerializer<TRequest> RequestSerializer { get; }

    /// <summary>The response serializer.</summary>
    public RpcSerializer<TResponse> ResponseSerializer { get; }

    /// <inheritdoc />
    public override Type RequestType => typeof(TRequest);

    /// <inheritdoc />
    public override Type ResponseType => typeof(TResponse);

    /// <inheritdoc />
    public override void SerializeRequest(object request, IBufferWriter<byte> output) => RequestSerializer.Serialize((TRequest)request, output);

    /// <inheritdoc />
    public override object DeserializeRequest(ReadOnlySpan<byte> payload) => RequestSerializer.Deserialize(payload);

    /// <inheritdoc />
    public override void SerializeResponse(object response, IBufferWriter<byte> output) => ResponseSerializer.Serialize((TResponse)response, output);

    /// <inheritdoc />
    public override object DeserializeResponse(ReadOnlySpan<byte> payload) => ResponseSerializer.Deserialize(payload);

    internal override ValueTask<object> InvokeHandlerAsync(object implementation, object request, CancellationToken cancellationToken)
    {
        var pending = _handler(implementation, (TRequest)request, cancellationToken);
        if (pending.IsCompletedSuccessfully)
        {
            return new ValueTask<object>(pending.Result);
        }

        return AwaitResponse(pending);
    }

    internal override int GetRequestSize(object request) => RequestSerializer.GetSize((TRequest)request);

    internal override void WriteRequest(object request, Span<byte> destination)
    {
        var writer = new ProtoWriter(destination);
        RequestSerializer.Write(ref writer, (TRequest)request);
    }

    internal override int GetResponseSize(object response) => ResponseSerializer.GetSize((TResponse)response);

    internal override void WriteResponse(object response, Span<byte> destination)
    {
        var writer = new ProtoWriter(destination);
        ResponseSerializer.Write(ref writer, (TResponse)response);
    }

    private static async ValueTask<object> AwaitResponse(ValueTask<TResponse> pending) => await pending.ConfigureAwait(false);
}
