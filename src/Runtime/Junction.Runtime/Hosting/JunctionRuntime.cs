using System.Globalization;
using Junction.Cluster;
using Junction.Contracts;
using Junction.Filters;
using Junction.Invocation;
using Junction.LoadBalancing;
using Junction.Protocols;
using Junction.Protocols.InProc;
using Junction.Protocols.Tcp;
using Junction.Registry;
using Junction.Registry.Override;
using Junction.Routing;
using Microsoft.Extensions.Logging;

namespace Junction.Hosting;

/// <summary>
/// One application's Junction: its registry and protocol instances. Builds consumer pipelines (directory, routers,
/// load balancer, cluster, filters) and exports services (provider filters, dispatcher, protocol, registry).
/// </summary>
internal sealed class JunctionRuntime : IAsyncDisposable
{
    private readonly Dictionary<string, IProtocol> _protocols = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly List<IDirectory> _directories = [];
    private readonly List<RoutingRules> _routing = [];
    private readonly ReliableRegistry? _reliable;

    public JunctionRuntime(JunctionOptions options, ILoggerFactory loggerFactory)
    {
        options.Validate();
        Options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("Junction");
        foreach (var component in options.Components)
        {
            component.UseLogging(loggerFactory);
        }

        AddProtocol(new InProcProtocol());
        AddProtocol(new TcpProtocol(options.Tcp, loggerFactory));

        // An in-memory registry lives in this process: it is never unreachable and its empty lists are true, so it needs
        // neither the cache file nor empty protection.
        if (options.Registry is not InMemoryRegistry)
        {
            var logger = loggerFactory.CreateLogger("Junction.Registry");
            var cache = options.RegistryCacheFolder is { } folder ? RegistryCache.ForApplication(folder, options.Application, options.TimeProvider, logger) : null;
            _reliable = new ReliableRegistry(options.Registry, cache, options.TimeProvider, logger, options.RegistryGracePeriod);
        }
    }

    public JunctionOptions Options { get; }

    /// <summary>Where consumers subscribe: the configured registry, behind the local cache and empty protection.</summary>
    internal IRegistry Discovery => (IRegistry?)_reliable ?? Options.Registry;

    public void AddProtocol(IProtocol protocol) => _protocols[protocol.Name] = protocol;

    public IProtocol GetProtocol(string name, ServiceDescriptor service)
        => _protocols.TryGetValue(name, out var protocol)
            ? protocol
            : throw new InvalidOperationException(
                $"{service.ServiceKey} uses protocol '{name}', which this application has not registered (registered: {string.Join(", ", _protocols.Keys)}). " +
                "Register it in AddJunction, or list another protocol in [RpcService(Protocol = ...)].");

    /// <summary>Builds the consumer pipeline and the generated proxy over it.</summary>
    /// <param name="service">The contract.</param>
    /// <param name="reference">The reference's settings.</param>
    /// <param name="owner">Disposed with the client (the runtime itself, for a client made without DI).</param>
    public object CreateClient(ServiceDescriptor service, ReferenceOptions reference, IAsyncDisposable? owner = null)
    {
        reference.Validate(service);
        var protocol = GetProtocol(reference.ResolveProtocol(service), service);
        var connections = reference.Connections;
        var filters = new ConsumerFilterContext(service, reference, Options, _loggerFactory, TimeProvider.System);
        Func<ServiceInstance, IProviderInvoker> connect = protocol is TcpProtocol tcp
            ? instance => tcp.Refer(instance, service, connections)
            : instance => protocol.Refer(instance, service);
        IProviderInvoker refer(ServiceInstance instance) => FilteredProviderInvoker.Wrap(connect(instance), BuiltInFilters.ForProviderInvoker(filters, instance));
        var direct = reference.ParseUrl(service);
        var consumer = new RouteConsumer(Options.Application, RouteConsumer.LocalHost(), new Dictionary<string, string>(reference.Parameters, StringComparer.Ordinal));
        IDirectory directory = direct is not null
            ? new StaticDirectory(service, direct.ConvertAll(refer))
            : new RegistryDirectory(
                service,
                Discovery,
                protocol.Name,
                refer,
                _loggerFactory.CreateLogger("Junction.Registry"),
                ProviderOverrides.Create(service, consumer, Options.Routing.ConfigSource, _loggerFactory.CreateLogger("Junction.Override")),
                holdFirstUntilRouted: true,
                firstRulesWait: Options.Routing.FirstRulesWait);

        // Retries set explicitly (the method's options, the reference's, the contract's) are honoured; the default only
        // applies to idempotent methods (Clusters.ResolveRetries).
        var retries = Clusters.ResolveRetries(service, reference.Retries, Options.DefaultRetries);
        var timeouts = new TimeSpan[service.Methods.Count];
        foreach (var method in service.Methods)
        {
            var own = reference.ForMethod(method);
            timeouts[method.Index] = TimeSpan.FromMilliseconds(own?.TimeoutMs ?? reference.TimeoutMs ?? (method.TimeoutMs > 0 ? method.TimeoutMs : Options.DefaultTimeoutMs));
            if (own?.Retries is { } methodRetries)
            {
                retries[method.Index] = methodRetries;
            }
        }

        var routing = CreateRouting(service, consumer, reference, directory);
        lock (_directories)
        {
            _directories.Add(directory);
            _routing.Add(routing);
        }

        var cluster = CreateCluster(service, reference, directory, routing.Chain, retries);
        var pipeline = new ConsumerInvoker(
            timeouts, Options.Application, FilterChain.Build(BuiltInFilters.ForReference(filters), cluster), Options.Routing.PropagateTag, Options.PropagateDeadline,
            (directory as RegistryDirectory)?.FirstSnapshot, owner);
        return service.CreateClient(pipeline);
    }

    /// <summary>
    /// The reference's cluster: its strategy (or each method's), its load balancer (or each method's, through one
    /// balancer that picks by method), its settings; all over the one directory.
    /// </summary>
    private IInvoker CreateCluster(ServiceDescriptor service, ReferenceOptions reference, IDirectory directory, RouterChain routers, int[] retries)
    {
        var names = new string[service.Methods.Count];
        var balancers = new Dictionary<string, ILoadBalancer>(StringComparer.OrdinalIgnoreCase);
        var byMethod = new ILoadBalancer[service.Methods.Count];
        foreach (var method in service.Methods)
        {
            var own = reference.ForMethod(method);
            names[method.Index] = own?.Cluster ?? reference.Cluster;
            var loadBalance = own?.LoadBalance ?? reference.LoadBalance;
            if (!balancers.TryGetValue(loadBalance, out var balancer))
            {
                balancer = LoadBalancers.Create(loadBalance);
                balancers.Add(loadBalance, balancer);
            }

            byMethod[method.Index] = balancer;
        }

        ILoadBalancer loadBalancer = balancers.Count switch
        {
            0 => LoadBalancers.Create(reference.LoadBalance), // a contract without methods: never called
            1 => balancers.Values.First(),
            _ => new MethodLoadBalancer(byMethod),
        };

        return Clusters.Create(names, directory, routers, loadBalancer, reference.ClusterSettings, retries, _loggerFactory.CreateLogger("Junction.Cluster"));
    }

    /// <summary>
    /// The reference's routing: its consumer (this application, this host, the reference's parameters), rules from code
    /// and from the config source, the user's routers; kept in step with the providers' application.
    /// </summary>
    private RoutingRules CreateRouting(ServiceDescriptor service, RouteConsumer consumer, ReferenceOptions reference, IDirectory directory)
    {
        var routing = new RoutingRules(
            service,
            consumer,
            Options.Routing.ConfigSource,
            Options.Routing.RuleFactories,
            reference.Conditions,
            [.. Options.Routing.Routers, .. reference.Routers],
            _loggerFactory.CreateLogger("Junction.Routing"));
        if (directory is RegistryDirectory registry)
        {
            // Added and run on the newest list in one step: a registry pushing on its own thread may have made the first
            // list already, and still be holding it from calls (Providers empty) while it watches the overrides. The
            // first list then waits for the config source's first answer about the rules routing watches (its own keys,
            // and the providers' application's once a list names it): none of the first calls goes around a stored rule.
            registry.ObserveProviders(list =>
            {
                try
                {
                    routing.OnProviders(list.Invokers);
                }
                finally
                {
                    // Also when watching failed half way: the watches made before hold the list until they answer. This
                    // covers the service's and the consumer application's keys too: the handler runs on every first list.
                    registry.HoldFirstUntil(routing.WhenAnswered);
                }
            });
            registry.RoutingAttached();
        }
        else
        {
            routing.OnProviders(directory.Providers.Invokers);
        }

        return routing;
    }

    /// <summary>Exports a service on every protocol its contract lists and registers each provider.</summary>
    public async Task<ExportedService> ExportAsync(ServiceDescriptor service, object implementation, ServiceOptions options, CancellationToken cancellationToken)
    {
        Filters.Limits.ServiceMethodCheck.Validate(service, options);
        options.Validate(service.ServiceKey);
        var filters = BuiltInFilters.ForProvider(new ProviderFilterContext(service, options, Options, _loggerFactory, TimeProvider.System));
        var exporter = new Exporter(service, FilterChain.Build(filters, new DispatcherInvoker(service, implementation, Options.PropagateDeadline)));
        var exported = new ExportedService(this, exporter);
        try
        {
            var startTime = DateTimeOffset.UtcNow;
            foreach (var name in service.Protocols)
            {
                var protocol = GetProtocol(name, service);
                var instance = await protocol.ExportAsync(exporter, cancellationToken).ConfigureAwait(false);
                exported.Exports.Add((protocol, null));
                var metadata = new Dictionary<string, string>(options.Metadata, StringComparer.Ordinal)
                {
                    ["application"] = Options.Application,
                    ["interface"] = service.InterfaceName,
                    ["version"] = service.Version,
                    ["group"] = service.Group,
                    ["weight"] = options.Weight.ToString(CultureInfo.InvariantCulture),
                };
                Filters.Token.ProviderTokenFilter.Publish(filters, metadata);
                instance = instance with { Weight = options.Weight, StartTime = startTime, Metadata = metadata };
                await Options.Registry.RegisterAsync(instance, cancellationToken).ConfigureAwait(false);
                exported.Exports[^1] = (protocol, instance);
                _logger.LogInformation("Exported {Service} at {Instance}", service.ServiceKey, instance);
            }
        }
        catch
        {
            // Never announced for long: no wait for consumers.
            await exported.UnregisterAsync().ConfigureAwait(false);
            await exported.UnexportAsync().ConfigureAwait(false);
            throw;
        }

        return exported;
    }

    /// <summary>
    /// Waits (up to <paramref name="timeout"/>) until every client's providers have had a first connection attempt, so
    /// first calls do not pay for connecting (Dubbo connects when a reference is created). Providers that are down are
    /// logged, not fatal: calls to them fail, and reconnects continue.
    /// </summary>
    public async Task ConnectClientsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        List<Task> attempts = [];
        lock (_directories)
        {
            foreach (var directory in _directories)
            {
                foreach (var invoker in directory.Providers.Invokers)
                {
                    if (FilteredProviderInvoker.Unwrap(invoker) is TcpInvoker tcp)
                    {
                        attempts.Add(tcp.FirstAttempt);
                    }
                }
            }
        }

        try
        {
            await Task.WhenAll(attempts).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Some providers did not answer within {Timeout} ms of startup; calls to them fail until they do", timeout.TotalMilliseconds);
        }
    }

    /// <summary>Stops protocol servers and releases client resources.</summary>
    public async ValueTask DisposeAsync()
    {
        // Stop watching rules first: nothing routes after this.
        RoutingRules[] routing;
        lock (_directories)
        {
            routing = [.. _routing];
            _routing.Clear();
        }

        foreach (var rules in routing)
        {
            rules.Dispose();
        }

        // Registry directories also watch override rules; a client disposed before already released its own (idempotent).
        IDirectory[] directories;
        lock (_directories)
        {
            directories = [.. _directories];
            _directories.Clear();
        }

        foreach (var directory in directories)
        {
            if (directory is RegistryDirectory)
            {
                await directory.DisposeAsync().ConfigureAwait(false);
            }
        }

        foreach (var protocol in _protocols.Values)
        {
            if (protocol is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (_reliable is not null)
        {
            await _reliable.DisposeAsync().ConfigureAwait(false);
        }

        // Last: what UseConsul (or another extension) created for this application, e.g. its registry's HTTP client.
        foreach (var component in Options.Components)
        {
            await component.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits <see cref="JunctionOptions.UnregisterDelay"/> after providers unregistered, so consumers drop them before
    /// they stop serving; <paramref name="cancellationToken"/> (the host's stop timeout) cuts the wait short.
    /// </summary>
    internal async Task WaitForConsumersAsync(CancellationToken cancellationToken)
    {
        // The in-memory registry tells its consumers before UnregisterAsync returns: they have already dropped us.
        if (Options.UnregisterDelay <= TimeSpan.Zero || Options.Registry is InMemoryRegistry)
        {
            return;
        }

        _logger.LogInformation("Unregistered; serving {Delay} ms more while consumers drop this provider", Options.UnregisterDelay.TotalMilliseconds);
        try
        {
            await Task.Delay(Options.UnregisterDelay, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// A service exported on one or more protocols; disposing unregisters it, waits for consumers to drop it
    /// (<see cref="JunctionOptions.UnregisterDelay"/>), then stops serving it (the protocol drains calls in flight).
    /// </summary>
    internal sealed class ExportedService(JunctionRuntime runtime, Exporter exporter) : IAsyncDisposable
    {
        private bool _unregistered;

        public List<(IProtocol Protocol, ServiceInstance? Instance)> Exports { get; } = [];

        public async ValueTask DisposeAsync()
        {
            if (await UnregisterAsync().ConfigureAwait(false))
            {
                await runtime.WaitForConsumersAsync(CancellationToken.None).ConfigureAwait(false);
            }

            await UnexportAsync().ConfigureAwait(false);
        }

        /// <summary>
        /// Withdraws every registration, so consumers stop choosing this provider; true when one was withdrawn. A registry
        /// that cannot be reached does not stop the rest of the stop sequence: the provider still stops serving, and the
        /// registry drops it when its health check expires (Consul: the check's TTL).
        /// </summary>
        public async ValueTask<bool> UnregisterAsync()
        {
            if (_unregistered)
            {
                return false;
            }

            _unregistered = true;
            var any = false;
            foreach (var (_, instance) in Exports)
            {
                if (instance is null)
                {
                    continue;
                }

                try
                {
                    await runtime.Options.Registry.UnregisterAsync(instance).ConfigureAwait(false);
                    any = true;
                }
                catch (Exception e)
                {
                    runtime._logger.LogWarning(e, "Could not unregister {Instance} of {Service}; stopping anyway: consumers drop it once the registry's health check of it expires", instance, instance.ServiceKey);
                }
            }

            return any;
        }

        /// <summary>Stops serving on every protocol (tcp announces read-only and drains calls in flight).</summary>
        public async ValueTask UnexportAsync()
        {
            foreach (var (protocol, _) in Exports)
            {
                await protocol.UnexportAsync(exporter).ConfigureAwait(false);
            }

            Exports.Clear();
        }
    }
}
