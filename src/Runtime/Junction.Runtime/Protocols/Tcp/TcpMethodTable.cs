using Junction.Contracts;

namespace Junction.Protocols.Tcp;

/// <summary>
/// The service key and method name of every method of a service, UTF-8 encoded with their length prefixes once, so a
/// request frame copies them instead of encoding strings per call.
/// </summary>
internal sealed class TcpMethodTable
{
    private readonly byte[][] _names;

    public TcpMethodTable(ServiceDescriptor service)
    {
        _names = new byte[service.Methods.Count][];
        var key = Frame.EncodeString(service.ServiceKey);
        foreach (var method in service.Methods)
        {
            var name = Frame.EncodeString(method.Name);
            _names[method.Index] = [.. key, .. name];
        }
    }

    public ReadOnlySpan<byte> Get(MethodDescriptor method) => _names[method.Index];
}
