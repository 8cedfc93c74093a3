namespace Junction.Generators.Parser;

/// <summary>Metadata names the parser looks for. Strings, not typeof: the generator never loads the runtime assembly.</summary>
internal static class KnownNames
{
    public const string RpcServiceAttribute = "Junction.RpcServiceAttribute";
    public const string RpcMethodAttribute = "Junction.RpcMethodAttribute";
    public const string RpcMessageAttribute = "Junction.RpcMessageAttribute";
    public const string RpcFieldAttribute = "Junction.RpcFieldAttribute";
    public const string Task = "System.Threading.Tasks.Task";
    public const string TaskOfT = "System.Threading.Tasks.Task`1";
    public const string ValueTask = "System.Threading.Tasks.ValueTask";
    public const string ValueTaskOfT = "System.Threading.Tasks.ValueTask`1";
    public const string CancellationToken = "System.Threading.CancellationToken";
    public const string DefaultProtocol = "tcp";
}
