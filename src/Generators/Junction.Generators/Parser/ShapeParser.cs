using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Junction.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Junction.Generators.Parser;

/// <summary>
/// Maps C# types to wire shapes and collects every message type reachable from a contract, parsing each once.
/// </summary>
internal sealed class ShapeParser
{
    /// <summary>Global names, no nullable annotations: for casts, typeof and constructors.</summary>
    public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    /// <summary>Global names with nullable annotations: for signatures that must match the user's.</summary>
    public static readonly SymbolDisplayFormat AnnotatedFormat = TypeFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly string _generatedNamespace;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, MessageModel?> _messages = new();
    private readonly Queue<INamedTypeSymbol> _pending = new();

    public ShapeParser(string generatedNamespace, CancellationToken cancellationToken)
    {
        _generatedNamespace = generatedNamespace;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Every message reached so far, parsed, in discovery order.</summary>
    public List<MessageModel> DrainMessages()
    {
        while (_pending.Count > 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var type = _pending.Dequeue();
            var name = type.ToDisplayString(TypeFormat);
            _messages[name] = ParseMessage(type);
        }

        return _messages.Values.Where(m => m is not null).Select(m => m!).ToList();
    }

    public static string SerializerName(INamedTypeSymbol type) => Naming.ToIdentifier(DisplayName(type)) + "Serializer";

    public static string DisplayName(ITypeSymbol type) => type.ToDisplayString(TypeFormat).Replace("global::", "");

    /// <summary>The proto name of a type: its name, with containing types joined by <c>_</c>.</summary>
    public static string ProtoName(INamedTypeSymbol type)
    {
        var name = type.Name;
        for (var containing = type.ContainingType; containing is not null; containing = containing.ContainingType)
        {
            name = containing.Name + "_" + name;
        }

        return name;
    }

    public TypeShape Parse(ITypeSymbol type, bool allowCollections = true)
    {
        var nullableReference = type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated;
        var typeName = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeFormat);

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            var inner = Parse(nullable.TypeArguments[0], allowCollections: false);
            if (inner.Kind is not (ShapeKind.Scalar or ShapeKind.Enum) || inner.IsNullableReference || inner.Scalar is ScalarKind.String or ScalarKind.Bytes or ScalarKind.BytesMemory)
            {
                return Unsupported(typeName, $"{typeName} is not supported: only nullable primitives, enums, decimal, Guid, DateTime, DateTimeOffset and TimeSpan are");
            }

            return inner with { TypeName = typeName, IsNullableValue = true, CodecType = inner.CodecType is null ? null : inner.CodecType + "?" };
        }

        var scalar = ScalarOf(type, out var codecType, out var protoType);
        if (scalar != ScalarKind.None)
        {
            return new TypeShape(ShapeKind.Scalar, typeName, scalar, codecType, false, nullableReference, protoType, null, CollectionKind.None, null, null, null, null, null);
        }

        if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType)
        {
            var underlying = enumType.EnumUnderlyingType!.SpecialType;
            var (kind, codec, proto) = underlying switch
            {
                SpecialType.System_UInt32 => (ScalarKind.UInt32, "uint", "uint32"),
                SpecialType.System_Int64 => (ScalarKind.Int64, "long", "int64"),
                SpecialType.System_UInt64 => (ScalarKind.UInt64, "ulong", "uint64"),
                _ => (ScalarKind.Int32, "int", ProtoName(enumType)),
            };
            var members = enumType.GetMembers().OfType<IFieldSymbol>()
                .Where(f => f.HasConstantValue)
                .Select(f => new EnumMember(f.Name, System.Convert.ToInt64(f.ConstantValue, System.Globalization.CultureInfo.InvariantCulture)))
                .ToEquatableArray();
            var model = kind == ScalarKind.Int32 ? new EnumModel(ProtoName(enumType), members) : null;
            return new TypeShape(ShapeKind.Enum, typeName, kind, codec, false, false, proto, null, CollectionKind.None, null, null, null, model, null);
        }

        if (type is IArrayTypeSymbol array)
        {
            if (!allowCollections || array.Rank != 1)
            {
                return Unsupported(typeName, $"{typeName} is not supported: arrays must be one-dimensional and cannot be nested in other collections");
            }

            return Collection(typeName, nullableReference, CollectionKind.Array, array.ElementType);
        }

        if (type is INamedTypeSymbol named)
        {
            var definition = named.OriginalDefinition.ToDisplayString();
            if (named.IsGenericType && allowCollections)
            {
                switch (definition)
                {
                    case "System.Collections.Generic.List<T>":
                        return Collection(typeName, nullableReference, CollectionKind.List, named.TypeArguments[0]);
                    case "System.Collections.Generic.IList<T>":
                    case "System.Collections.Generic.IReadOnlyList<T>":
                        return Collection(typeName, nullableReference, CollectionKind.IndexedInterface, named.TypeArguments[0]);
                    case "System.Collections.Generic.ICollection<T>":
                    case "System.Collections.Generic.IReadOnlyCollection<T>":
                    case "System.Collections.Generic.IEnumerable<T>":
                        return Collection(typeName, nullableReference, CollectionKind.EnumerableInterface, named.TypeArguments[0]);
                    case "System.Collections.Generic.Dictionary<TKey, TValue>":
                        return Map(typeName, nullableReference, CollectionKind.Dictionary, named.TypeArguments[0], named.TypeArguments[1]);
                    case "System.Collections.Generic.IDictionary<TKey, TValue>":
                    case "System.Collections.Generic.IReadOnlyDictionary<TKey, TValue>":
                        return Map(typeName, nullableReference, CollectionKind.DictionaryInterface, named.TypeArguments[0], named.TypeArguments[1]);
                }
            }

            if (IsMessage(named))
            {
                if (named.IsGenericType)
                {
                    return Unsupported(typeName, $"{typeName} is not supported: message types cannot be generic");
                }

                if (!_messages.ContainsKey(typeName))
                {
                    _messages[typeName] = null;
                    _pending.Enqueue(named);
                }

                return new TypeShape(ShapeKind.Message, typeName, ScalarKind.None, null, false, nullableReference, ProtoName(named), SerializerName(named), CollectionKind.None, null, null, null, null, null);
            }
        }

        return Unsupported(typeName, $"{typeName} cannot be serialized: use a primitive, string, byte[], decimal, Guid, DateTime, DateTimeOffset, TimeSpan, an enum, a list, a dictionary or a class marked [RpcMessage]");
    }

    public static bool IsMessage(INamedTypeSymbol type)
        => type.TypeKind == TypeKind.Class && type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownNames.RpcMessageAttribute);

    private TypeShape Collection(string typeName, bool nullableReference, CollectionKind kind, ITypeSymbol elementType)
    {
        var element = Parse(elementType, allowCollections: false);
        if (element.Kind == ShapeKind.Unsupported)
        {
            return Unsupported(typeName, element.Error!);
        }

        if (element.IsNullableValue)
        {
            return Unsupported(typeName, $"{typeName} is not supported: repeated fields cannot hold nulls");
        }

        return new TypeShape(ShapeKind.List, typeName, ScalarKind.None, null, false, nullableReference, "repeated " + element.ProtoType, null, kind, element, null, null, null, null);
    }

    private TypeShape Map(string typeName, bool nullableReference, CollectionKind kind, ITypeSymbol keyType, ITypeSymbol valueType)
    {
        var key = Parse(keyType, allowCollections: false);
        var value = Parse(valueType, allowCollections: false);
        if (key.Kind == ShapeKind.Unsupported || value.Kind == ShapeKind.Unsupported)
        {
            return Unsupported(typeName, key.Error ?? value.Error!);
        }

        var validKey = key.Kind == ShapeKind.Enum
            || (key.Kind == ShapeKind.Scalar && key.Scalar is ScalarKind.Bool or ScalarKind.Int32 or ScalarKind.Int64 or ScalarKind.UInt32 or ScalarKind.UInt64 or ScalarKind.String or ScalarKind.Guid);
        if (!validKey || value.IsNullableValue)
        {
            return Unsupported(typeName, $"{typeName} is not supported: map keys must be integers, bool, string, Guid or enums, and values cannot be nullable value types");
        }

        var keyProto = key.Kind == ShapeKind.Enum ? "int32" : key.ProtoType;
        return new TypeShape(ShapeKind.Map, typeName, ScalarKind.None, null, false, nullableReference, $"map<{keyProto}, {value.ProtoType}>", null, kind, null, key, value, null, null);
    }

    private static TypeShape Unsupported(string typeName, string error)
        => new(ShapeKind.Unsupported, typeName, ScalarKind.None, null, false, false, "", null, CollectionKind.None, null, null, null, null, error.Replace("global::", ""));

    private static ScalarKind ScalarOf(ITypeSymbol type, out string? codecType, out string protoType)
    {
        codecType = null;
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean: protoType = "bool"; return ScalarKind.Bool;
            case SpecialType.System_SByte:
            case SpecialType.System_Int16: codecType = "int"; protoType = "int32"; return ScalarKind.Int32;
            case SpecialType.System_Int32: protoType = "int32"; return ScalarKind.Int32;
            case SpecialType.System_Byte:
            case SpecialType.System_UInt16:
            case SpecialType.System_Char: codecType = "uint"; protoType = "uint32"; return ScalarKind.UInt32;
            case SpecialType.System_UInt32: protoType = "uint32"; return ScalarKind.UInt32;
            case SpecialType.System_Int64: protoType = "int64"; return ScalarKind.Int64;
            case SpecialType.System_UInt64: protoType = "uint64"; return ScalarKind.UInt64;
            case SpecialType.System_Single: protoType = "float"; return ScalarKind.Float;
            case SpecialType.System_Double: protoType = "double"; return ScalarKind.Double;
            case SpecialType.System_String: protoType = "string"; return ScalarKind.String;
            case SpecialType.System_Decimal: protoType = "string"; return ScalarKind.Decimal;
            case SpecialType.System_DateTime: protoType = "google.protobuf.Timestamp"; return ScalarKind.DateTime;
        }

        protoType = "";
        if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
        {
            protoType = "bytes";
            return ScalarKind.Bytes;
        }

        switch (type.OriginalDefinition.ToDisplayString())
        {
            case "System.Guid": protoType = "string"; return ScalarKind.Guid;
            case "System.DateTimeOffset": protoType = "google.protobuf.Timestamp"; return ScalarKind.DateTimeOffset;
            case "System.TimeSpan": protoType = "google.protobuf.Duration"; return ScalarKind.TimeSpan;
            case "System.ReadOnlyMemory<T>" when type is INamedTypeSymbol named && named.TypeArguments[0].SpecialType == SpecialType.System_Byte:
                protoType = "bytes";
                return ScalarKind.BytesMemory;
        }

        return ScalarKind.None;
    }

    /// <summary>Reads a message type's fields (see <see cref="MessageMembers.Read"/>) into its model.</summary>
    private MessageModel ParseMessage(INamedTypeSymbol type)
    {
        var display = DisplayName(type);
        var members = MessageMembers.Read(type, out var constructor, out var constructionError, _cancellationToken);
        var error = constructionError is null ? null : $"{display} cannot be constructed: {constructionError}";

        var fields = new List<FieldModel>(members.Count);
        foreach (var member in members)
        {
            var shape = Parse(member.Property.Type);
            if (shape.Kind == ShapeKind.Unsupported)
            {
                error ??= $"{display}.{member.Property.Name}: {shape.Error}";
            }

            fields.Add(new FieldModel(Naming.Escape(member.Property.Name), member.Number, shape, member.ConstructorIndex, Naming.ToSnakeCase(member.Property.Name)));
        }

        return new MessageModel(type.ToDisplayString(TypeFormat), display, SerializerName(type), ProtoName(type), fields.ToEquatableArray(), constructor is not null, error);
    }

    public string GeneratedNamespace => _generatedNamespace;
}
