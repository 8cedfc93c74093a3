using Junction.Cluster;
using Junction.Contracts;
using Junction.Filters;
using Junction.LoadBalancing;

namespace Junction.Hosting;

/// <summary>How a consumer calls one service (Dubbo's reference config): protocol, cluster, load balancer, timeouts.</summary>
public partial class ReferenceOptions
{
    /// <summary>The protocol to call over; must be one the contract lists. Default: the contract's first protocol.</summary>
    public string? Protocol { get; set; }

    /// <summary>The load balancer: <c>random</c> (default), <c>roundrobin</c>, <c>leastactive</c>, <c>consistenthash</c>, <c>shortestresponse</c>, <c>p2c</c> (alias <c>adaptive</c>), or one registered with <see cref="LoadBalancers.Register"/>.</summary>
    public string LoadBalance { get; set; } = RandomLoadBalance.Name;

    /// <summary>The fault-tolerance strategy: <c>failover</c> (default), <c>failfast</c>, <c>failsafe</c>, <c>failback</c>, <c>forking</c>, <c>broadcast</c> or <c>available</c>.</summary>
    public string Cluster { get; set; } = FailoverClusterInvoker.Name;

    /// <summary>Overrides every method's timeout, in milliseconds. Default: the contract's, else the application default.</summary>
    public int? TimeoutMs { get; set; }

    /// <summary>
    /// Overrides every method's retry count. Setting it explicitly allows retries even for methods not marked idempotent.
    /// </summary>
    public int? Retries { get; set; }

    /// <summary>
    /// Direct connection (Dubbo's <c>url</c>): one or more provider addresses such as <c>tcp://127.0.0.1:20880</c>,
    /// separated by <c>;</c> (as in Dubbo) or <c>,</c>, used instead of the registry. Query parameters become the
    /// provider's parameters, as Dubbo merges them: <c>?token=…</c> for a provider exported with a token,
    /// <c>?weight=…</c>, or keys condition rules read (<c>?region=east</c>).
    /// </summary>
    public string? Url { get; set; }

    /// <summary>Long-lived connections per provider (Dubbo's <c>connections</c>, default 1), shared by all calls.</summary>
    public int Connections { get; set; } = 1;

    /// <summary>
    /// The consumer's parameters, as Dubbo's consumer URL carries them: keys condition rules can read (<c>region</c>,
    /// <c>env</c>, …) and the request tag of every call, <c>dubbo.tag</c> (with <c>dubbo.force.tag</c>).
    /// </summary>
    public IDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Condition rules given in code (<see cref="Routing.ConditionRule.Parse"/>), applied in order after tag routing
    /// and before the service's rules from the config source.
    /// </summary>
    public IList<Routing.ConditionRule> Conditions { get; } = new List<Routing.ConditionRule>();

    /// <summary>Routers of your own for this service; they run after every rule, with the application's, by priority.</summary>
    public IList<Routing.IRouter> Routers { get; } = new List<Routing.IRouter>();

    /// <summary>
    /// At most this many calls of each method in flight to each provider (Dubbo's <c>actives</c>); a call over the cap
    /// waits for a slot up to its timeout, then fails with ResourceExhausted. 0 (default): no limit.
    /// </summary>
    public int Actives { get; set; }

    /// <summary>Consumer filters, run in order before the cluster.</summary>
    public IList<IFilter> Filters { get; } = new List<IFilter>();

    /// <summary>
    /// Settings of the cluster strategies (forks, broadcast fail percent, failback retries), the per-provider circuit
    /// breaker (off unless set) and Polly pipelines run around each attempt.
    /// </summary>
    public ClusterSettings ClusterSettings { get; set; } = new();

    /// <summary>
    /// Per-method settings, keyed by the method's name in the contract (<c>SayHello</c>) or in C# (<c>SayHelloAsync</c>).
    /// </summary>
    public IDictionary<string, MethodOptions> Methods { get; } = new Dictionary<string, MethodOptions>(StringComparer.Ordinal);

    /// <summary>The settings of <paramref name="method"/> given in <see cref="Methods"/>, or null.</summary>
    internal MethodOptions? ForMethod(MethodDescriptor method)
        => Methods.TryGetValue(method.Name, out var options) || Methods.TryGetValue(method.ClrName, out options) ? options : null;

    internal string ResolveProtocol(ServiceDescriptor service)
    {
        if (Protocol is null)
        {
            return service.Protocols[0];
        }

        foreach (var name in service.Protocols)
        {
            if (string.Equals(name, Protocol, StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }

        throw new InvalidOperationException(
            $"The reference to {service.ServiceKey} asks for protocol '{Protocol}', but the contract is only exported on {string.Join(", ", service.Protocols)}; " +
            "pick one of those or add the protocol to [RpcService(Protocol = ...)].");
    }

    /// <summary>The providers named by <see cref="Url"/>, or null when the registry is used.</summary>
    internal List<Registry.ServiceInstance>? ParseUrl(ServiceDescriptor service)
    {
        if (string.IsNullOrWhiteSpace(Url))
        {
            return null;
        }

        var protocol = ResolveProtocol(service);
        var instances = new List<Registry.ServiceInstance>();
        // A separator counts only before the next address, so a parameter value may hold a comma (?methods=a,b).
        foreach (var part in AddressSeparator().Split(Url.Trim()))
        {
            if (part.Length == 0)
            {
                continue;
            }

            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || uri.Port <= 0 || string.IsNullOrEmpty(uri.Host))
            {
                throw new InvalidOperationException($"The reference to {service.ServiceKey} has Url '{part}', which is not an address like {protocol}://127.0.0.1:20880.");
            }

            if (!string.Equals(uri.Scheme, protocol, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The reference to {service.ServiceKey} has Url '{part}' but calls over '{protocol}'; use {protocol}://host:port or set Protocol.");
            }

            instances.Add(WithParameters(new Registry.ServiceInstance(service.ServiceKey, protocol, uri.Host, uri.Port), uri, part, service));
        }

        return instances;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*[;,][\s;,]*(?=[A-Za-z][A-Za-z0-9+.\-]*://)|\s*[;,][\s;,]*$")]
    private static partial System.Text.RegularExpressions.Regex AddressSeparator();

    private static Registry.ServiceInstance WithParameters(Registry.ServiceInstance instance, Uri uri, string part, ServiceDescriptor service)
    {
        if (uri.Fragment.Length > 0)
        {
            // Uri would drop everything after '#' without a word: a token containing one would arrive cut short.
            throw new InvalidOperationException($"The reference to {service.ServiceKey} has Url '{part}' with a '#'; escape it in parameter values as %23.");
        }

        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return instance;
        }

        Dictionary<string, string> parameters;
        try
        {
            parameters = Registry.UrlParameters.Parse(query);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"The reference to {service.ServiceKey} has Url '{part}' with a parameter without a name or with a bad escape ({e.Message}); write key=value pairs joined by '&'.");
        }

        var weight = instance.Weight;
        if (parameters.TryGetValue("weight", out var text)
            && !(int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out weight)))
        {
            throw new InvalidOperationException($"The reference to {service.ServiceKey} has Url '{part}' with weight '{text}'; use a whole number of 0 or more.");
        }

        return instance with { Metadata = parameters, Weight = weight };
    }

    internal void Validate(ServiceDescriptor service)
    {
        ResolveProtocol(service);
        CheckLoadBalance(LoadBalance, $"The reference to {service.ServiceKey}");
        CheckCluster(Cluster, $"The reference to {service.ServiceKey}");
        if (ClusterSettings is null)
        {
            throw new InvalidOperationException($"The reference to {service.ServiceKey} has ClusterSettings = null; leave the default or set one.");
        }

        ClusterSettings.Validate(service);
        if (Actives < 0)
        {
            throw new InvalidOperationException($"The reference to {service.ServiceKey} sets Actives = {Actives}; it must be 0 (no limit) or more.");
        }

        if (TimeoutMs is <= 0)
        {
            throw new InvalidOperationException($"The reference to {service.ServiceKey} sets TimeoutMs = {TimeoutMs}; it must be a positive number of milliseconds.");
        }

        if (Connections < 1)
        {
            throw new InvalidOperationException($"The reference to {service.ServiceKey} sets Connections = {Connections}; use 1 or more.");
        }

        ParseUrl(service);
        if (Retries is < 0)
        {
            throw new InvalidOperationException($"The reference to {service.ServiceKey} sets Retries = {Retries}; it must be 0 or more.");
        }

        foreach (var (name, options) in Methods)
        {
            var method = service.Methods.FirstOrDefault(m => m.Name == name || m.ClrName == name)
                ?? throw new InvalidOperationException(
                    $"The reference to {service.ServiceKey} configures method '{name}', which the contract does not have; its methods are {string.Join(", ", service.Methods.Select(m => m.Name))}.");
            var where = $"The reference to {service.ServiceKey} method {method.Name}";
            if (options is null)
            {
                throw new InvalidOperationException($"{where} has no settings (null); remove the entry or give it a MethodOptions.");
            }

            if (options.LoadBalance is { } loadBalance)
            {
                CheckLoadBalance(loadBalance, where);
            }

            if (options.Actives is < 0)
            {
                throw new InvalidOperationException($"{where} sets Actives = {options.Actives}; it must be 0 (no limit) or more.");
            }

            if (options.Cluster is { } cluster)
            {
                CheckCluster(cluster, where);
            }

            if (options.TimeoutMs is <= 0)
            {
                throw new InvalidOperationException($"{where} sets TimeoutMs = {options.TimeoutMs}; it must be a positive number of milliseconds.");
            }

            if (options.Retries is < 0)
            {
                throw new InvalidOperationException($"{where} sets Retries = {options.Retries}; it must be 0 or more.");
            }
        }
    }

    private static void CheckLoadBalance(string? name, string where)
    {
        if (Array.IndexOf(LoadBalancers.Names, name?.ToLowerInvariant()) < 0)
        {
            throw new InvalidOperationException($"{where} uses LoadBalance '{name}'; use one of: {string.Join(", ", LoadBalancers.Names)}.");
        }
    }

    private static void CheckCluster(string? name, string where)
    {
        if (!Clusters.IsKnown(name))
        {
            throw new InvalidOperationException($"{where} uses Cluster '{name}'; use one of: {string.Join(", ", Clusters.Names)}.");
        }
    }
}
