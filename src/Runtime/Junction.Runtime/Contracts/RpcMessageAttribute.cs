namespace Junction;

/// <summary>
/// Marks a class or record as a message: the source generator emits a proto3 serializer for it. Field numbers come from
/// <see cref="RpcFieldAttribute"/> where given, else from declaration order (1, 2, …); once a message is published its
/// numbers must not change.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class RpcMessageAttribute : Attribute
{
}
