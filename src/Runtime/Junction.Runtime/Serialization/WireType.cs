namespace Junction.Serialization;

/// <summary>
/// The protobuf wire type carried in the low three bits of every field tag. It tells a reader how to find the end of
/// a field it does not know, which is what lets old and new message versions read each other.
/// </summary>
public enum WireType
{
    /// <summary>A base-128 varint: int32, int64, uint32, uint64, sint32, sint64, bool and enum fields.</summary>
    Varint = 0,

    /// <summary>Eight little-endian bytes: fixed64, sfixed64 and double fields.</summary>
    Fixed64 = 1,

    /// <summary>A varint length followed by that many bytes: strings, bytes, embedded messages and packed repeated fields.</summary>
    LengthDelimited = 2,

    /// <summary>The start of a proto2 group. Junction never writes groups; readers skip them as unknown fields.</summary>
    StartGroup = 3,

    /// <summary>The end of a proto2 group, matching the <see cref="StartGroup"/> tag with the same field number.</summary>
    EndGroup = 4,

    /// <summary>Four little-endian bytes: fixed32, sfixed32 and float fields.</summary>
    Fixed32 = 5,
}
