using System.Diagnostics.CodeAnalysis;
using Junction.Contracts;
using Junction.Filters;
using ServiceDescriptor = Junction.Contracts.ServiceDescriptor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Junction.Hosting;

/// <summary>Adds providers and consumers to an application that called <c>AddJunction</c>.</summary>
public sealed class JunctionBuilder
{
    internal JunctionBuilder(IServiceCollection services, JunctionOptions options)
    {
        Services = services;
        Options = options;
    }

    /// <summary>The application's settings, for extensions that switch features on (the monitor service).</summary>
    internal JunctionOptions Options { get; }

    /// <summary>The application's service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Exports <typeparamref name="TImplementation"/> as a provider of <typeparamref name="TContract"/> when the host
    /// starts, on every protocol the contract lists. The implementation is a singleton (as in Dubbo) unless you
    /// registered it yourself first.
    /// </summary>
    public JunctionBuilder AddRpcService<TContract, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TImplementation>(Action<ServiceOptions>? configure = null)
        where TContract : class
        where TImplementation : class, TContract
    {
        var descriptor = ContractRegistry.Get<TContract>();   // fails now, with the fix, if nothing was generated
        var options = new ServiceOptions();
        configure?.Invoke(options);
        options.Validate(descriptor.ServiceKey);
        Services.TryAddSingleton<TImplementation>();
        Services.AddSingleton(new ServiceRegistration(descriptor, typeof(TImplementation), sp => sp.GetRequiredService<TImplementation>(), options));
        return this;
    }

    /// <summary>
    /// Registers a client of <typeparamref name="TContract"/>: inject the interface and call it. The proxy is a
    /// singleton shared by all callers.
    /// </summary>
    public JunctionBuilder AddRpcClient<TContract>(Action<ReferenceOptions>? configure = null)
        where TContract : class
    {
        var descriptor = ContractRegistry.Get<TContract>();
        var options = new ReferenceOptions();
        configure?.Invoke(options);
        options.Validate(descriptor);
        Services.AddSingleton(new ReferenceRegistration(descriptor, options));
        Services.AddSingleton(sp => (TContract)sp.GetRequiredService<JunctionRuntime>().CreateClient(descriptor, options));
        return this;
    }

    /// <summary>
    /// Adds a filter of your own, resolved from the container (a singleton unless you registered it yourself first), to
    /// every reference (<see cref="FilterSide.Consumer"/>) or every exported service (<see cref="FilterSide.Provider"/>)
    /// of this application. It runs after the built-in filters, in the order added.
    /// </summary>
    public JunctionBuilder AddFilter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFilter>(FilterSide side)
        where TFilter : class, Filters.IFilter
    {
        if (!Enum.IsDefined(side))
        {
            throw new ArgumentOutOfRangeException(nameof(side), side, "Pick FilterSide.Consumer or FilterSide.Provider.");
        }

        Services.TryAddSingleton<TFilter>();
        Services.AddSingleton(new FilterRegistration(typeof(TFilter), side));
        return this;
    }

    internal sealed record FilterRegistration(Type Type, FilterSide Side);

    internal sealed record ServiceRegistration(ServiceDescriptor Descriptor, Type ImplementationType, Func<IServiceProvider, object> Resolve, ServiceOptions Options);

    internal sealed record ReferenceRegistration(ServiceDescriptor Descriptor, ReferenceOptions Options);
}
