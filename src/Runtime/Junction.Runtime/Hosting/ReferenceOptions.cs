using Junction.Cluster;
using Junction.Contracts;
using Junction.Filters;
using Junction.LoadBalancing;

namespace Junction.Hosting;

/// <summary>How a consumer calls one service (Dubbo's reference config): protocol, cluster, load balancer, timeouts.</summary>
public class ReferenceOptions
{
    /// <summary>The protocol to call over; must be one the contract lists. Default: the contract's first protocol.</summary>
    public string? Protocol { get; set; }

    /// <summary>The load balancer: <c>random</c> (default) or <c>roundrobin</c>.</summary>
    public string LoadBalance { get; set; } = RandomLoadBalance.Name;

    /// <summary>The fault-tolerance strategy: <c>failover</c> (default) or <c>failfast</c>.</summary>
    public string Cluster { get; set; } = FailoverClusterInvoker.Name;

    /// <summary>Overrides every method's timeout, in milliseconds. Default: the contract's, else the application default.</summary>
    public int? TimeoutMs { get; set; }

    /// <summary>
    /// Overrides every method's retry count. Setting it explicitly allows retries even for methods not marked idempotent.
    /// </summary>
    public int? Retries { get; set; }

    /// <summary>
    /// Direct connection (Dubbo's <c>url</c>): one or more comma-separated provider addresses such as
    /// <c>tcp://127.0.0.1:20880</c>, used instead of the registry.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>Long-lived connections per provider (Dubbo's <c>connections</c>, default 1), shared by all calls.</summary>
    public int Connections { get; set; } = 1;

    /// <summary>Consumer filters, run in order before the cluster.</summary>
    public IList<IFilter> Filters { get; } = new List<IFilter>();

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
        foreach (var part in Url.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || uri.Port <= 0 || string.IsNullOrEmpty(uri.Host))
            {
                throw new InvalidOperationException($"The reference to {service.ServiceKey} has Url '{part}', which is not an address like {protocol}://127.0.0.1:20880.");
            }

            if (!string.Equals(uri.Scheme, protocol, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"The reference to {service.ServiceKey} has Url '{part}' but calls over '{protocol}'; use {protocol}://host:port or set Protocol.");
            }

            instances.Add(new Registry.ServiceInstance(service.ServiceKey, protocol, uri.Host, uri.Port));
        }

        return instances;
    }

    internal void Validate(ServiceDescriptor service)
    {
        ResolveProtocol(service);
        if (Array.IndexOf(LoadBalancers.Names, LoadBalance?.ToLowerInvariant()) < 0)
        {
            throw new InvalidOperationException($"The reference to {service.ServiceKey} uses LoadBalance '{LoadBalance}'; use one of: {string.Join(", ", LoadBalancers.Names)}.");
        }

        if (Cluster?.ToLowerInvariant() is not (FailoverClusterInvoker.Name or FailfastClusterInvoker.Name))
        {
            throw new InvalidOperationException($"The reference to {service.ServiceKey} uses Cluster '{Cluster}'; use one of: {FailoverClusterInvoker.Name}, {FailfastClusterInvoker.Name}.");
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
    }
}
