namespace Junction.Generators.Model;

/// <summary>
/// A message type and how to read, write and construct it. User <c>[RpcMessage]</c> types and the request/response
/// messages the generator synthesizes share this model.
/// </summary>
/// <param name="TypeName">The C# type, <c>global::</c>-qualified.</param>
/// <param name="DisplayName">The C# full name without <c>global::</c>, for messages and hint names.</param>
/// <param name="Serializer">The generated serializer class name (in <see cref="ServiceModel.GeneratedNamespace"/>).</param>
/// <param name="ProtoName">The message name in the .proto text.</param>
/// <param name="UsesConstructor">Whether decoding calls a constructor with arguments (positional records).</param>
/// <param name="Error">Why the type cannot be a message, or null.</param>
internal sealed record MessageModel(
    string TypeName,
    string DisplayName,
    string Serializer,
    string ProtoName,
    EquatableArray<FieldModel> Fields,
    bool UsesConstructor,
    string? Error);

/// <summary>One field of a message.</summary>
/// <param name="Member">The C# property (or synthesized field) name.</param>
/// <param name="ConstructorIndex">The constructor parameter it is passed as, or -1 when set by an initializer.</param>
internal sealed record FieldModel(string Member, int Number, TypeShape Shape, int ConstructorIndex, string ProtoName);
