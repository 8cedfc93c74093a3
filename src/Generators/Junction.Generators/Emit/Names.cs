namespace Junction.Generators.Emit;

/// <summary>Runtime type names used by emitted code, fully qualified.</summary>
internal static class Names
{
    public const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"Junction.Generators\", \"0.1.0\")]";
    public const string ProtoWriter = "global::Junction.Serialization.ProtoWriter";
    public const string ProtoReader = "global::Junction.Serialization.ProtoReader";
    public const string ProtoSize = "global::Junction.Serialization.ProtoSize";
    public const string LengthDelimited = "global::Junction.Serialization.WireType.LengthDelimited";
    public const string RpcSerializer = "global::Junction.Serialization.RpcSerializer";
    public const string CancellationToken = "global::System.Threading.CancellationToken";
    public const string ValueTask = "global::System.Threading.Tasks.ValueTask";
    public const string List = "global::System.Collections.Generic.List";
    public const string Dictionary = "global::System.Collections.Generic.Dictionary";
    public const string MethodDescriptor = "global::Junction.Contracts.MethodDescriptor";
    public const string ServiceDescriptor = "global::Junction.Contracts.ServiceDescriptor";
    public const string ContractRegistry = "global::Junction.Contracts.ContractRegistry";
    public const string RpcClientBase = "global::Junction.Invocation.RpcClientBase";
    public const string IInvoker = "global::Junction.Invocation.IInvoker";
    public const string IRpcArguments = "global::Junction.Invocation.IRpcArguments";
    public const string RpcArgumentText = "global::Junction.Invocation.RpcArgumentText";
    public const string IRpcValue = "global::Junction.Serialization.IRpcValue";
    public const string ServerCall = "global::Junction.Invocation.ServerCall";

    /// <summary>Descriptor member names that a method's field must not take.</summary>
    public static string MethodField(string wireName)
    {
        var name = Parser.Naming.ToIdentifier(wireName);
        return name is "InterfaceName" or "Version" or "Group" or "ServiceKey" or "Service" or "Proto" or "Manifest" or "Register" ? name + "_" : name;
    }
}
