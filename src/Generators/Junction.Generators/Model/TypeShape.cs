namespace Junction.Generators.Model;

/// <summary>What a member's C# type is on the wire.</summary>
internal enum ShapeKind
{
    Scalar,
    Enum,
    Message,
    List,
    Map,
    Unsupported,
}

/// <summary>The runtime codec a scalar uses; the name matches the ProtoWriter/ProtoReader/ProtoSize method stems.</summary>
internal enum ScalarKind
{
    None,
    Bool,
    Int32,
    Int64,
    UInt32,
    UInt64,
    Float,
    Double,
    String,
    Bytes,
    BytesMemory,
    Decimal,
    Guid,
    DateTime,
    DateTimeOffset,
    TimeSpan,
}

/// <summary>How a collection is declared, which decides how it is iterated and rebuilt.</summary>
internal enum CollectionKind
{
    None,
    Array,
    List,
    IndexedInterface,
    EnumerableInterface,
    Dictionary,
    DictionaryInterface,
}

/// <summary>
/// The wire shape of a C# type: a scalar (with the cast between the C# type and the codec's type), an enum, a
/// message, a list or a map. Holds names only, never symbols.
/// </summary>
/// <param name="TypeName">The C# type, <c>global::</c>-qualified, as declared (with <c>?</c> for nullable value types).</param>
/// <param name="CodecType">The C# type the runtime codec takes, when a cast is needed (for example <c>int</c> for <c>short</c>).</param>
/// <param name="ProtoType">The proto3 type name (scalar keyword, message or enum name).</param>
/// <param name="Serializer">For messages: the generated serializer class.</param>
internal sealed record TypeShape(
    ShapeKind Kind,
    string TypeName,
    ScalarKind Scalar,
    string? CodecType,
    bool IsNullableValue,
    bool IsNullableReference,
    string ProtoType,
    string? Serializer,
    CollectionKind Collection,
    TypeShape? Element,
    TypeShape? Key,
    TypeShape? Value,
    EnumModel? Enum,
    string? Error)
{
    public bool IsPackable => Kind is ShapeKind.Scalar or ShapeKind.Enum
        && Scalar is ScalarKind.Bool or ScalarKind.Int32 or ScalarKind.Int64 or ScalarKind.UInt32 or ScalarKind.UInt64 or ScalarKind.Float or ScalarKind.Double;

    /// <summary>The proto wire type of one value (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).</summary>
    public int WireType => Kind switch
    {
        ShapeKind.Scalar or ShapeKind.Enum => Scalar switch
        {
            ScalarKind.Bool or ScalarKind.Int32 or ScalarKind.Int64 or ScalarKind.UInt32 or ScalarKind.UInt64 => 0,
            ScalarKind.Double => 1,
            ScalarKind.Float => 5,
            _ => 2,
        },
        _ => 2,
    };

    /// <summary>The ProtoWriter/ProtoSize method stem of the codec.</summary>
    public string Codec => Scalar == ScalarKind.BytesMemory ? "Bytes" : Scalar.ToString();
}

/// <summary>An enum used by a contract, for the .proto text.</summary>
internal sealed record EnumModel(string ProtoName, EquatableArray<EnumMember> Members);

/// <summary>One enum member.</summary>
internal sealed record EnumMember(string Name, long Value);
