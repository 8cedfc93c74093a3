using System.Globalization;
using System.Linq;
using Junction.Generators.Model;

namespace Junction.Generators.Emit;

/// <summary>
/// Emits a proto3 serializer class for a message: exact size, one-pass write, and a tag switch for reading (unknown
/// fields skipped, packed and unpacked repeated scalars both accepted, as proto3 requires).
/// </summary>
internal static class SerializerEmitter
{
    public static string EmitFile(MessageModel message, string generatedNamespace)
    {
        var writer = SourceWriter.File(generatedNamespace);
        EmitClass(writer, message);
        return writer.ToString();
    }

    public static void EmitClass(SourceWriter w, MessageModel message)
    {
        var type = message.TypeName;

        // Fields go out in number order, as protoc's code writes them, so equal messages encode to equal bytes.
        var fields = message.Fields.OrderBy(f => f.Number).ToList();
        w.Line($"/// <summary>The proto3 serializer of <c>{message.DisplayName}</c>.</summary>");
        w.Line(Names.GeneratedCode);
        w.Open($"internal sealed class {message.Serializer} : {Names.RpcSerializer}<{type}>");
        w.Line($"public static readonly {message.Serializer} Instance = new();");
        w.Line();

        w.Open($"public override int GetSize({type} value)");
        w.Line("var size = 0;");
        foreach (var field in fields)
        {
            EmitSize(w, field, "value." + field.Member);
        }

        w.Line("return size;");
        w.Close();
        w.Line();

        w.Open($"public override void Write(ref {Names.ProtoWriter} writer, {type} value)");
        foreach (var field in fields)
        {
            EmitWrite(w, field, "value." + field.Member);
        }

        w.Close();
        w.Line();

        w.Open($"public override {type} Read(ref {Names.ProtoReader} reader)");
        foreach (var field in message.Fields)
        {
            w.Line($"{LocalType(field.Shape)} {Local(field)} = {DefaultValue(field.Shape)};");
        }

        w.Open("while (reader.TryReadTag(out var tag))");
        w.Open("switch (tag)");
        foreach (var field in message.Fields)
        {
            EmitReadCases(w, field);
        }

        w.Line("default:");
        w.Line("    reader.SkipField(tag);");
        w.Line("    break;");
        w.Close();
        w.Close();
        w.Line();
        EmitConstruction(w, message);
        w.Close();
        w.Close();
    }

    private static string Local(FieldModel field) => "f" + field.Number.ToString(CultureInfo.InvariantCulture);

    private static string Cast(TypeShape shape) => shape.CodecType is null ? "" : "(" + shape.CodecType + ")";

    private static string ReadCast(TypeShape shape) => shape.CodecType is null ? "" : "(" + shape.TypeName + ")";

    private static uint Tag(int number, int wireType) => ((uint)number << 3) | (uint)wireType;

    private static string LocalType(TypeShape shape) => shape.Kind switch
    {
        ShapeKind.List => $"{Names.List}<{shape.Element!.TypeName}>",
        ShapeKind.Map => $"{Names.Dictionary}<{shape.Key!.TypeName}, {shape.Value!.TypeName}>",
        _ => shape.TypeName,
    };

    private static string DefaultValue(TypeShape shape)
    {
        if (shape.Kind is ShapeKind.List or ShapeKind.Map or ShapeKind.Message || shape.IsNullableReference || shape.IsNullableValue)
        {
            return "null";
        }

        return shape.Scalar switch
        {
            ScalarKind.String => "\"\"",
            ScalarKind.Bytes => "global::System.Array.Empty<byte>()",
            _ => "default",
        };
    }

    // ---- size -------------------------------------------------------------------------------------------------

    private static void EmitSize(SourceWriter w, FieldModel field, string access)
    {
        var shape = field.Shape;
        var n = field.Number.ToString(CultureInfo.InvariantCulture);
        switch (shape.Kind)
        {
            case ShapeKind.Scalar:
            case ShapeKind.Enum:
                w.Line($"size += {SingularSize(shape, n, access)};");
                break;
            case ShapeKind.Message:
                w.Line($"size += {shape.Serializer}.Instance.GetFieldSize({n}, {access});");
                break;
            case ShapeKind.List:
                w.Open($"if ({access} is {{ }} list{n})");
                var element = shape.Element!;
                if (element.IsPackable)
                {
                    w.Line("var packed = 0;");
                    Loop(w, shape, "list" + n, "item", $"packed += {Names.ProtoSize}.{element.Codec}Value({Cast(element)}item);");
                    w.Line($"if (packed > 0) size += {Names.ProtoSize}.Tag({n}) + {Names.ProtoSize}.LengthPrefixed(packed);");
                }
                else if (element.Kind == ShapeKind.Message)
                {
                    Loop(w, shape, "list" + n, "item", $"size += {element.Serializer}.Instance.GetElementSize({n}, item);");
                }
                else
                {
                    Loop(w, shape, "list" + n, "item", $"size += {Names.ProtoSize}.{element.Codec}Element({n}, {Cast(element)}item);");
                }

                w.Close();
                break;
            case ShapeKind.Map:
                w.Open($"if ({access} is {{ }} map{n})");
                w.Open($"foreach (var entry in map{n})");
                w.Line($"size += {Names.ProtoSize}.Message({n}, {EntrySize(shape)});");
                w.Close();
                w.Close();
                break;
        }
    }

    private static string SingularSize(TypeShape shape, string n, string access)
    {
        if (shape.Kind == ShapeKind.Message)
        {
            return $"{shape.Serializer}.Instance.GetFieldSize({n}, {access})";
        }

        if (shape.IsNullableReference && shape.Scalar is ScalarKind.String or ScalarKind.Bytes)
        {
            return $"{Names.ProtoSize}.Optional{shape.Codec}({n}, {access})";
        }

        return $"{Names.ProtoSize}.{shape.Codec}({n}, {Cast(shape)}{access})";
    }

    private static string EntrySize(TypeShape map)
        => $"{SingularSize(map.Key! with { IsNullableReference = false }, "1", "entry.Key")} + {SingularSize(map.Value! with { IsNullableReference = false }, "2", "entry.Value")}";

    // ---- write ------------------------------------------------------------------------------------------------

    private static void EmitWrite(SourceWriter w, FieldModel field, string access)
    {
        var shape = field.Shape;
        var n = field.Number.ToString(CultureInfo.InvariantCulture);
        switch (shape.Kind)
        {
            case ShapeKind.Scalar:
            case ShapeKind.Enum:
            case ShapeKind.Message:
                w.Line(SingularWrite(shape, n, access) + ";");
                break;
            case ShapeKind.List:
                w.Open($"if ({access} is {{ }} list{n})");
                var element = shape.Element!;
                if (element.IsPackable)
                {
                    w.Line("var packed = 0;");
                    Loop(w, shape, "list" + n, "item", $"packed += {Names.ProtoSize}.{element.Codec}Value({Cast(element)}item);");
                    w.Open("if (packed > 0)");
                    w.Line($"writer.WriteTag({n}, {Names.LengthDelimited});");
                    w.Line("writer.WriteLength(packed);");
                    Loop(w, shape, "list" + n, "item", $"writer.Write{element.Codec}Value({Cast(element)}item);");
                    w.Close();
                }
                else if (element.Kind == ShapeKind.Message)
                {
                    Loop(w, shape, "list" + n, "item", $"{element.Serializer}.Instance.WriteElement(ref writer, {n}, item);");
                }
                else
                {
                    Loop(w, shape, "list" + n, "item", $"writer.Write{element.Codec}Element({n}, {Cast(element)}item);");
                }

                w.Close();
                break;
            case ShapeKind.Map:
                w.Open($"if ({access} is {{ }} map{n})");
                w.Open($"foreach (var entry in map{n})");
                w.Line($"writer.WriteTag({n}, {Names.LengthDelimited});");
                w.Line($"writer.WriteLength({EntrySize(shape)});");
                w.Line(SingularWrite(shape.Key! with { IsNullableReference = false }, "1", "entry.Key") + ";");
                w.Line(SingularWrite(shape.Value! with { IsNullableReference = false }, "2", "entry.Value") + ";");
                w.Close();
                w.Close();
                break;
        }
    }

    private static string SingularWrite(TypeShape shape, string n, string access)
    {
        if (shape.Kind == ShapeKind.Message)
        {
            return $"{shape.Serializer}.Instance.WriteField(ref writer, {n}, {access})";
        }

        if (shape.IsNullableReference && shape.Scalar is ScalarKind.String or ScalarKind.Bytes)
        {
            return $"writer.WriteOptional{shape.Codec}({n}, {access})";
        }

        return $"writer.Write{shape.Codec}({n}, {Cast(shape)}{access})";
    }

    /// <summary>Index loops for arrays and lists (no enumerator allocation), foreach for other enumerables.</summary>
    private static void Loop(SourceWriter w, TypeShape list, string variable, string item, string body)
    {
        switch (list.Collection)
        {
            case CollectionKind.Array:
                w.Open($"for (var i = 0; i < {variable}.Length; i++)");
                break;
            case CollectionKind.List:
            case CollectionKind.IndexedInterface:
                w.Open($"for (var i = 0; i < {variable}.Count; i++)");
                break;
            default:
                w.Open($"foreach (var {item} in {variable})");
                w.Line(body);
                w.Close();
                return;
        }

        w.Line($"var {item} = {variable}[i];");
        w.Line(body);
        w.Close();
    }

    // ---- read -------------------------------------------------------------------------------------------------

    private static string ReadValue(TypeShape shape, string reader)
    {
        if (shape.Kind == ShapeKind.Message)
        {
            return $"{shape.Serializer}.Instance.ReadNested(ref {reader})";
        }

        var codec = shape.Scalar == ScalarKind.BytesMemory ? "BytesMemory" : shape.Codec;
        return $"{ReadCast(shape)}{reader}.Read{codec}()";
    }

    private static void EmitReadCases(SourceWriter w, FieldModel field)
    {
        var shape = field.Shape;
        var local = Local(field);
        switch (shape.Kind)
        {
            case ShapeKind.Scalar:
            case ShapeKind.Enum:
            case ShapeKind.Message:
                w.Line($"case {Tag(field.Number, shape.WireType)}:");
                w.Line($"    {local} = {ReadValue(shape, "reader")};");
                w.Line("    break;");
                break;
            case ShapeKind.List:
                var element = shape.Element!;
                w.Line($"case {Tag(field.Number, element.WireType)}:");
                w.Line($"    ({local} ??= new()).Add({ReadValue(element, "reader")});");
                w.Line("    break;");
                if (element.IsPackable)
                {
                    w.Line($"case {Tag(field.Number, 2)}:");
                    w.Open("");
                    w.Line("var packed = reader.ReadNested();");
                    w.Line($"{local} ??= new();");
                    w.Line($"while (!packed.IsAtEnd) {local}.Add({ReadValue(element, "packed")});");
                    w.Line("break;");
                    w.Close();
                }

                break;
            case ShapeKind.Map:
                var key = shape.Key! with { IsNullableReference = false };
                var value = shape.Value! with { IsNullableReference = false };
                w.Line($"case {Tag(field.Number, 2)}:");
                w.Open("");
                w.Line("var entry = reader.ReadNested();");
                w.Line($"{key.TypeName} key = {DefaultValue(key)};");
                w.Line($"{value.TypeName} item = {DefaultValue(value)};");
                w.Open("while (entry.TryReadTag(out var entryTag))");
                w.Open("switch (entryTag)");
                w.Line($"case {Tag(1, key.WireType)}: key = {ReadValue(key, "entry")}; break;");
                w.Line($"case {Tag(2, value.WireType)}: item = {ReadValue(value, "entry")}; break;");
                w.Line("default: entry.SkipField(entryTag); break;");
                w.Close();
                w.Close();
                if (value.Kind == ShapeKind.Message && !shape.Value!.IsNullableReference)
                {
                    // protobuf reads an entry without a value as the default value: for a message, an empty one (as
                    // Google.Protobuf does), never a null the declared type does not allow.
                    w.Line($"item ??= {value.Serializer}.Instance.Deserialize(global::System.ReadOnlySpan<byte>.Empty);");
                }

                w.Line($"({local} ??= new())[key] = item;");
                w.Line("break;");
                w.Close();
                break;
        }
    }

    private static void EmitConstruction(SourceWriter w, MessageModel message)
    {
        var arguments = new string[CountConstructorArguments(message)];
        var initializers = new System.Collections.Generic.List<string>();
        foreach (var field in message.Fields)
        {
            var value = FinalValue(field);
            if (field.ConstructorIndex >= 0)
            {
                arguments[field.ConstructorIndex] = value;
            }
            else
            {
                initializers.Add($"{field.Member} = {value},");
            }
        }

        var call = $"return new {message.TypeName}({string.Join(", ", arguments)})";
        if (initializers.Count == 0)
        {
            w.Line(call + ";");
            return;
        }

        w.Line(call);
        w.Line("{");
        w.Indentation++;
        foreach (var initializer in initializers)
        {
            w.Line(initializer);
        }

        w.Indentation--;
        w.Line("};");
    }

    private static int CountConstructorArguments(MessageModel message)
    {
        var count = 0;
        foreach (var field in message.Fields)
        {
            if (field.ConstructorIndex >= 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Collections are never null after decoding (proto3 cannot tell an empty list from a missing one).</summary>
    private static string FinalValue(FieldModel field)
    {
        var local = Local(field);
        var shape = field.Shape;
        return shape.Kind switch
        {
            ShapeKind.List when shape.Collection == CollectionKind.Array => $"{local}?.ToArray() ?? global::System.Array.Empty<{shape.Element!.TypeName}>()",
            ShapeKind.List => $"{local} ?? new {LocalType(shape)}()",
            ShapeKind.Map => $"{local} ?? new {LocalType(shape)}()",
            _ => local,
        };
    }
}
