namespace Junction;

/// <summary>Fixes the proto field number of a message member (a property, or a record's positional parameter).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class RpcFieldAttribute : Attribute
{
    /// <summary>Creates the attribute with a field number (1 to 536,870,911, not 19000–19999).</summary>
    public RpcFieldAttribute(int number) => Number = number;

    /// <summary>The proto field number.</summary>
    public int Number { get; }
}
