using Junction;

namespace Junction.Benchmarks;

/// <summary>
/// A contract that exists to get generated serializers: the benchmarks reach them through the contract's method
/// descriptors, as the protocols do.
/// </summary>
[RpcService(Protocol = "inproc")]
public interface ISerializationBench
{
    /// <summary>The load tool's message: one bytes field.</summary>
    ValueTask<EchoMessage> EchoAsync(EchoMessage message);

    /// <summary>A message with the usual mix of field types.</summary>
    ValueTask<RichMessage> RichAsync(RichMessage message);
}

/// <summary>The load tool's echo message.</summary>
[RpcMessage]
public sealed record EchoMessage([RpcField(1)] byte[] Payload);

/// <summary>An order-like message: scalars, a string, well-known types, an enum, a list of strings and nested messages.</summary>
[RpcMessage]
public sealed record RichMessage(
    [RpcField(1)] long Id,
    [RpcField(2)] string UserId,
    [RpcField(3)] double Total,
    [RpcField(4)] int Quantity,
    [RpcField(5)] bool Paid,
    [RpcField(6)] RichStatus Status,
    [RpcField(7)] DateTimeOffset CreatedAt,
    [RpcField(8)] Guid TraceId,
    [RpcField(9)] decimal Discount,
    [RpcField(10)] IReadOnlyList<string> Tags,
    [RpcField(11)] IReadOnlyList<RichLine> Lines);

/// <summary>One line of a <see cref="RichMessage"/>.</summary>
[RpcMessage]
public sealed record RichLine([RpcField(1)] long Sku, [RpcField(2)] int Quantity, [RpcField(3)] double Price);

/// <summary>The state of a <see cref="RichMessage"/>.</summary>
public enum RichStatus
{
    /// <summary>Not set.</summary>
    Unknown = 0,

    /// <summary>Placed, not paid.</summary>
    Placed = 1,

    /// <summary>Paid and shipped.</summary>
    Shipped = 2,
}
