using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Junction.Contracts;

/// <summary>
/// The contracts the generator emitted, registered by generated module initializers. Nothing is found by reflection:
/// a contract is known here only if the project that declares it ran the Junction generator.
/// </summary>
public static class ContractRegistry
{
    private static readonly ConcurrentDictionary<Type, ServiceDescriptor> Contracts = new();

    /// <summary>Called by generated module initializers.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register(ServiceDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Contracts[descriptor.ContractType] = descriptor;
    }

    /// <summary>Returns the descriptor of <typeparamref name="TContract"/>.</summary>
    /// <exception cref="RpcException">No generated code exists for the contract (status FailedPrecondition).</exception>
    public static ServiceDescriptor Get<TContract>() where TContract : class => Get(typeof(TContract));

    /// <summary>Returns the descriptor of a contract interface.</summary>
    /// <exception cref="RpcException">No generated code exists for the contract (status FailedPrecondition).</exception>
    public static ServiceDescriptor Get(Type contractType)
    {
        ArgumentNullException.ThrowIfNull(contractType);
        if (Contracts.TryGetValue(contractType, out var descriptor))
        {
            return descriptor;
        }

        // A module initializer runs when its module is first used; a contract only named by typeof may not have
        // triggered it yet, so run it explicitly before concluding that nothing was generated.
        RuntimeHelpers.RunModuleConstructor(contractType.Module.ModuleHandle);
        if (Contracts.TryGetValue(contractType, out descriptor))
        {
            return descriptor;
        }

        throw new RpcException(
            RpcStatusCode.FailedPrecondition,
            $"No generated Junction code was found for {contractType.FullName}. Mark the interface [RpcService] and add " +
            $"<PackageReference Include=\"Junction.Analyzers\" /> to the project that declares it ({contractType.Assembly.GetName().Name}); " +
            "the source generator in that package emits the client, dispatcher and serializers at compile time.");
    }

    /// <summary>Returns every registered contract.</summary>
    public static IReadOnlyCollection<ServiceDescriptor> All => Contracts.Values.ToArray();
}
