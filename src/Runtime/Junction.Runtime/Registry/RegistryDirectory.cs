using Junction.Cluster;
using Junction.Contracts;
using Junction.Invocation;
using Microsoft.Extensions.Logging;

namespace Junction.Registry;

/// <summary>
/// A directory fed by registry pushes: keeps one invoker per provider of the consumer's protocol, refers new providers
/// and releases removed ones. Each push becomes a new immutable <see cref="ProviderList"/>.
/// </summary>
internal sealed class RegistryDirectory : IDirectory
{
    private readonly string _protocol;
    private readonly Func<ServiceInstance, IProviderInvoker> _refer;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly IDisposable _subscription;
    private readonly TaskCompletionSource _firstSnapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile ProviderList _providers = ProviderList.Empty;
    private bool _disposed;

    public RegistryDirectory(ServiceDescriptor service, IRegistry registry, string protocol, Func<ServiceInstance, IProviderInvoker> refer, ILogger logger)
    {
        Service = service;
        _protocol = protocol;
        _refer = refer;
        _logger = logger;
        _subscription = registry.Subscribe(service.ServiceKey, OnProvidersChanged);
    }

    public ServiceDescriptor Service { get; }

    public ProviderList Providers => _providers;

    /// <summary>
    /// Completes with the registry's first snapshot (or the cache file's). Calls made before it wait for it, within their
    /// timeout, as Dubbo's consumer has its providers once its reference exists.
    /// </summary>
    internal Task FirstSnapshot => _firstSnapshot.Task;

    /// <summary>Raised after each new snapshot, off the call path (on the registry's push), for routing rules that depend on the providers.</summary>
    internal event Action<ProviderList>? Changed;

    public async ValueTask DisposeAsync()
    {
        ProviderList last;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            last = _providers;
            _providers = ProviderList.Empty;
        }

        _subscription.Dispose();
        _firstSnapshot.TrySetResult();
        foreach (var invoker in last.Invokers)
        {
            await invoker.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnProvidersChanged(IReadOnlyList<ServiceInstance> instances)
    {
        List<IProviderInvoker>? removed = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var current = _providers.Invokers;
            var next = new List<IProviderInvoker>(instances.Count);
            foreach (var instance in instances)
            {
                if (!string.Equals(instance.Protocol, _protocol, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                // Keep the invoker (and its connections) of a provider that did not change.
                var existing = Array.Find(current, i => i.Instance == instance);
                next.Add(existing ?? _refer(instance));
            }

            foreach (var invoker in current)
            {
                if (!next.Contains(invoker))
                {
                    (removed ??= []).Add(invoker);
                }
            }

            _providers = new ProviderList([.. next], _providers.Version + 1);
        }

        var snapshot = _providers;
        _logger.LogInformation("{Service}: {Count} provider(s) on {Protocol}", Service.ServiceKey, snapshot.Invokers.Length, _protocol);
        Changed?.Invoke(snapshot);
        _firstSnapshot.TrySetResult();
        if (removed is not null)
        {
            _ = ReleaseAsync(removed);
        }
    }

    private async Task ReleaseAsync(List<IProviderInvoker> removed)
    {
        foreach (var invoker in removed)
        {
            try
            {
                await invoker.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "{Service}: releasing removed provider {Provider} failed", Service.ServiceKey, invoker.Instance);
            }
        }
    }
}
