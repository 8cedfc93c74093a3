using System.Collections.Frozen;
using System.ComponentModel;
using Junction.Invocation;

namespace Junction.Contracts;

/// <summary>
/// A service contract as the generator saw it at compile time: interface name, version, group, protocols, the method
/// table and the <c>.proto</c> text. One static instance per contract.
/// </summary>
public sealed class ServiceDescriptor
{
    private readonly Func<IInvoker, object> _createClient;
    private readonly FrozenDictionary<string, MethodDescriptor> _methodsByName;
    private readonly FrozenDictionary<string, MethodDescriptor>.AlternateLookup<ReadOnlySpan<char>> _methodsBySpan;

    /// <summary>Called by generated code only.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ServiceDescriptor(
        Type contractType,
        string interfaceName,
        string version,
        string group,
        string[] protocols,
        MethodDescriptor[] methods,
        string protoFile,
        Func<IInvoker, object> createClient,
        string contractManifest = "")
    {
        ContractType = contractType;
        InterfaceName = interfaceName;
        Version = version;
        Group = group;
        Protocols = protocols;
        Methods = methods;
        ProtoFile = protoFile;
        ContractManifest = contractManifest;
        ServiceKey = Contracts.ServiceKey.Create(interfaceName, group, version);
        _createClient = createClient;

        var byName = new Dictionary<string, MethodDescriptor>(methods.Length, StringComparer.Ordinal);
        for (var i = 0; i < methods.Length; i++)
        {
            methods[i].Attach(this, i);
            if (!byName.TryAdd(methods[i].Name, methods[i]))
            {
                throw new InvalidOperationException($"{interfaceName} declares two methods named {methods[i].Name} on the wire; give one of them [RpcMethod(Name = \"...\")].");
            }
        }

        _methodsByName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _methodsBySpan = _methodsByName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The C# interface.</summary>
    public Type ContractType { get; }

    /// <summary>The interface name on the wire and in the registry.</summary>
    public string InterfaceName { get; }

    /// <summary>The service version (may be empty).</summary>
    public string Version { get; }

    /// <summary>The service group (may be empty).</summary>
    public string Group { get; }

    /// <summary>Dubbo's service key, <c>{group}/{interface}:{version}</c>.</summary>
    public string ServiceKey { get; }

    /// <summary>The protocols the service is exported on, in preference order.</summary>
    public IReadOnlyList<string> Protocols { get; }

    /// <summary>The methods, in declaration order; <see cref="MethodDescriptor.Index"/> is the position here.</summary>
    public IReadOnlyList<MethodDescriptor> Methods { get; }

    /// <summary>The proto3 definition of the contract, for peers in other languages.</summary>
    public string ProtoFile { get; }

    /// <summary>
    /// The contract's methods and message fields as junction.contracts.json records them (a complete file holding
    /// this one contract), for <c>dotnet junction contracts lock</c>; empty when the generator predates it.
    /// </summary>
    public string ContractManifest { get; }

    /// <summary>Finds a method by its wire name.</summary>
    public MethodDescriptor? FindMethod(string name) => _methodsByName.GetValueOrDefault(name);

    /// <summary>Finds a method by its wire name without allocating a string (protocol servers decode names into spans).</summary>
    public MethodDescriptor? FindMethod(ReadOnlySpan<char> name) => _methodsBySpan.TryGetValue(name, out var method) ? method : null;

    /// <summary>Creates the generated client proxy over a consumer pipeline.</summary>
    internal object CreateClient(IInvoker invoker) => _createClient(invoker);

    /// <inheritdoc />
    public override string ToString() => ServiceKey;
}
