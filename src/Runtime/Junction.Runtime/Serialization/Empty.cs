namespace Junction.Serialization;

/// <summary>
/// The message of a method with no parameters or no result; on the wire it is <c>google.protobuf.Empty</c> (zero bytes).
/// </summary>
public sealed class Empty
{
    private Empty()
    {
    }

    /// <summary>The one instance.</summary>
    public static Empty Instance { get; } = new();

    /// <summary>The serializer of <see cref="Empty"/>.</summary>
    public static RpcSerializer<Empty> Serializer { get; } = new EmptySerializer();

    private sealed class EmptySerializer : RpcSerializer<Empty>
    {
        public override int GetSize(Empty value) => 0;

        public override void Write(ref ProtoWriter writer, Empty value)
        {
        }

        public override Empty Read(ref ProtoReader reader)
        {
            // Unknown fields are skipped, as proto3 requires, so a newer peer's non-empty message still decodes.
            while (reader.TryReadTag(out var tag))
            {
                reader.SkipField(tag);
            }

            return Instance;
        }
    }
}
