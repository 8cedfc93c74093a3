using System.Buffers;
using System.ComponentModel;

namespace Junction.Serialization;

/// <summary>
/// A proto3 serializer for one message type. The generator emits one per <c>[RpcMessage]</c> type and per synthesized
/// request or response; sizes are computed first so a message is written in one pass without copies.
/// </summary>
public abstract class RpcSerializer<T>
    where T : class
{
    /// <summary>The encoded size of <paramref name="value"/> in bytes.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract int GetSize(T value);

    /// <summary>Writes the fields of <paramref name="value"/> (no length prefix).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract void Write(ref ProtoWriter writer, T value);

    /// <summary>Reads a message that spans the whole reader.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract T Read(ref ProtoReader reader);

    /// <summary>The size of this message as field <paramref name="fieldNumber"/> of another (0 when null: not written).</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public int GetFieldSize(int fieldNumber, T? value) => value is null ? 0 : ProtoSize.Message(fieldNumber, GetSize(value));

    /// <summary>Writes this message as field <paramref name="fieldNumber"/> of another; null is not written.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void WriteField(ref ProtoWriter writer, int fieldNumber, T? value)
    {
        if (value is null)
        {
            return;
        }

        writer.WriteTag(fieldNumber, WireType.LengthDelimited);
        writer.WriteLength(GetSize(value));
        Write(ref writer, value);
    }

    /// <summary>The size of one element of a repeated message field.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public int GetElementSize(int fieldNumber, T value) => ProtoSize.Message(fieldNumber, GetSize(value ?? throw NullElement(fieldNumber)));

    /// <summary>Writes one element of a repeated message field; proto3 cannot carry a null element.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void WriteElement(ref ProtoWriter writer, int fieldNumber, T value) => WriteField(ref writer, fieldNumber, value ?? throw NullElement(fieldNumber));

    /// <summary>Reads this message from a length-delimited field.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public T ReadNested(ref ProtoReader reader)
    {
        var nested = reader.ReadNested();
        return Read(ref nested);
    }

    private static RpcException NullElement(int fieldNumber)
        => new(RpcStatusCode.InvalidArgument, $"A list of {typeof(T).FullName} (field {fieldNumber}) holds a null element; protobuf lists cannot carry nulls.");

    /// <summary>Encodes a message to a new array.</summary>
    public byte[] Serialize(T value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var size = GetSize(value);
        var bytes = size == 0 ? [] : new byte[size];
        var writer = new ProtoWriter(bytes);
        Write(ref writer, value);
        return bytes;
    }

    /// <summary>Encodes a message into a buffer writer in one contiguous span.</summary>
    public void Serialize(T value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(output);
        var size = GetSize(value);
        if (size == 0)
        {
            return;
        }

        var writer = new ProtoWriter(output.GetSpan(size)[..size]);
        Write(ref writer, value);
        output.Advance(size);
    }

    /// <summary>Decodes a message.</summary>
    /// <exception cref="RpcException">The payload is not a valid encoding of <typeparamref name="T"/> (status Internal), or the
    /// message type rejected the decoded values (status InvalidArgument).</exception>
    public T Deserialize(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new ProtoReader(payload);
            return Read(ref reader);
        }
        catch (RpcException e) when (e.StatusCode == RpcStatusCode.Internal)
        {
            throw new RpcException(RpcStatusCode.Internal, $"Cannot decode a {typeof(T).FullName}: {e.Message}", e);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            // The bytes decoded, but the message's own constructor or setters rejected the values.
            throw new RpcException(RpcStatusCode.InvalidArgument, $"A decoded {typeof(T).FullName} was rejected by its constructor: {e.Message}", e);
        }
    }
}
