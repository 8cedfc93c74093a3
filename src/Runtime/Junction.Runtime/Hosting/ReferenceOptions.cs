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

        if (Retries is < 0)
        {
            throw new InvalidOperationException($"The reference to {service.ServiceKey} sets Retries = {Retries}; it must be 0 or more.");
        }
    }
}
