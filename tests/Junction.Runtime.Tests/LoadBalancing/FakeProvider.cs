using Junction.Contracts;
using Junction.Invocation;
using Junction.Registry;

namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>A provider that balancers can pick and whose statistics a test sets; it cannot be called.</summary>
internal sealed class FakeProvider(ServiceInstance instance) : IProviderInvoker
{
    public ServiceInstance Instance { get; } = instance;

    public bool IsAvailable => true;

    public ProviderStats Stats { get; } = new(BalancerProbeDescriptor.Service.Methods.Count);

    /// <summary>Providers 10.0.0.1:20880, 10.0.0.2:20880, … of the given weights, all past their warm-up at <paramref name="time"/>'s now.</summary>
    public static FakeProvider[] Many(FakeTime time, params int[] weights)
    {
        var providers = new FakeProvider[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            providers[i] = At($"10.0.0.{i + 1}", time.GetUtcNow() - TimeSpan.FromDays(1), weights[i]);
        }

        return providers;
    }

    /// <summary>A provider at <paramref name="host"/>:20880 started at <paramref name="startTime"/>.</summary>
    public static FakeProvider At(string host, DateTimeOffset startTime, int weight = ServiceInstance.DefaultWeight, IReadOnlyDictionary<string, string>? metadata = null)
        => new(new ServiceInstance(BalancerProbeDescriptor.ServiceKey, "inproc", host, 20880)
        {
            Weight = weight,
            StartTime = startTime,
            Metadata = metadata ?? new Dictionary<string, string>(),
        });

    /// <summary>Starts <paramref name="calls"/> calls of <paramref name="method"/> that stay in flight.</summary>
    public FakeProvider InFlight(MethodDescriptor method, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            Stats.For(method).Begin();
        }

        return this;
    }

    /// <summary>Records <paramref name="calls"/> finished calls of <paramref name="method"/> that each took <paramref name="elapsed"/>, ending at <paramref name="time"/>'s now.</summary>
    public FakeProvider Finished(MethodDescriptor method, FakeTime time, TimeSpan elapsed, int calls = 1, bool succeeded = true)
    {
        var stats = Stats.For(method);
        for (var i = 0; i < calls; i++)
        {
            stats.Begin();
            stats.End(time.GetTimestamp(), time.Ticks(elapsed), succeeded);
        }

        return this;
    }

    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation) => throw new NotSupportedException("A fake provider is for picking, not calling.");

    public ValueTask DisposeAsync() => default;

    public override string ToString() => Instance.Address;
}
