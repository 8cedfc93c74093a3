using Junction.Invocation;
using Junction.Registry;

namespace Junction.Cli.Route;

/// <summary>
/// A provider as the routers see it, built from a <c>--provider</c> URL: always available, never called. The command
/// maps routed providers back to their input position by reference, so two equal URLs stay two providers.
/// </summary>
internal sealed class ProbeProvider(ServiceInstance instance) : IProviderInvoker
{
    /// <inheritdoc />
    public ServiceInstance Instance { get; } = instance;

    /// <inheritdoc />
    public bool IsAvailable => true;

    /// <inheritdoc />
    public ProviderStats Stats { get; } = new(1);

    /// <inheritdoc />
    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
        => throw new NotSupportedException("junction route only selects providers; it never calls them.");

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
