using System.Buffers;
using Junction.Invocation;

namespace Junction.LoadBalancing;

/// <summary>
/// Dubbo's consistent hash: calls with the same key go to the same provider while the providers stay the same, and
/// when one joins or leaves only the keys on its share of the ring move. The key is the text of the arguments the
/// method's <see cref="RpcMethodAttribute.HashArguments"/> names (the first by default), hashed with MD5 onto a ketama
/// ring of 160 points per provider.
/// </summary>
/// <remarks>
/// <para>Weights and warm-up are ignored, as in Dubbo: a key's provider must not depend on how long providers have run.</para>
/// <para>
/// The ring is built once per set of providers. Calls that pass only some of the ring's providers (one is down, or a
/// retry leaves the tried one out) are served from the same ring by walking on to the next point of a provider that
/// was passed, which is where the key would land on a ring of just those providers; Dubbo instead rebuilds its ring for
/// every different list and back again. A call with a provider not on the ring builds a new ring.
/// </para>
/// <para>
/// A call whose method has none of the named arguments hashes the empty key, so all such calls go to one provider (as in
/// Dubbo, where the key is then the empty string).
/// </para>
/// </remarks>
internal sealed class ConsistentHashLoadBalance : ILoadBalancer
{
    /// <summary>The name used in configuration.</summary>
    public const string Name = "consistenthash";

    /// <summary>Dubbo's default number of points per provider (<c>hash.nodes</c>).</summary>
    public const int DefaultVirtualNodes = 160;

    private const int StackBufferSize = 128;

    private readonly int _virtualNodes;
    private readonly Lock _building = new();
    private HashRing? _ring;

    /// <summary>Creates the balancer with <paramref name="virtualNodes"/> points per provider (a multiple of 4; Dubbo's <c>hash.nodes</c>).</summary>
    internal ConsistentHashLoadBalance(int virtualNodes = DefaultVirtualNodes)
    {
        if (virtualNodes < 4)
        {
            throw new ArgumentOutOfRangeException(nameof(virtualNodes), virtualNodes, "A consistent-hash ring needs at least 4 points per provider; Dubbo's default is 160.");
        }

        _virtualNodes = virtualNodes;
    }

    /// <inheritdoc />
    public IProviderInvoker Select(IProviderInvoker[] providers, Invocation.Invocation invocation)
    {
        if (providers.Length <= 1)
        {
            return providers.Length == 1 ? providers[0] : throw WeightedLoadBalance.NoProviders();
        }

        var hash = Hash(invocation);
        var ring = Volatile.Read(ref _ring);
        if (ring is not null && ReferenceEquals(ring.Providers, providers))
        {
            return ring.Find(hash);
        }

        if (ring is not null && ring.Contains(providers))
        {
            if (providers.Length < ring.Count)
            {
                return ring.FindAmong(hash, providers);
            }

            // The same providers in another array: keep the ring, remember the new array.
            ring = ring.For(providers);
            Volatile.Write(ref _ring, ring);
            return ring.Find(hash);
        }

        return RingOf(providers).Find(hash);
    }

    /// <summary>The key hash of a call: the first ketama word of the MD5 of its hash arguments' text, one after another.</summary>
    internal static uint Hash(Invocation.Invocation invocation)
    {
        Span<byte> key = stackalloc byte[StackBufferSize];
        byte[]? rented = null;
        var length = 0;
        foreach (var index in invocation.Method.HashArguments)
        {
            int written;
            while (!invocation.TryFormatArgument(index, key[length..], out written))
            {
                // Rare: a long argument. Grow into a pooled buffer and write this argument again.
                var larger = ArrayPool<byte>.Shared.Rent(key.Length * 2);
                key[..length].CopyTo(larger);
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }

                rented = larger;
                key = larger;
            }

            length += written;
        }

        var hash = Md5.FirstWord(key[..length]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return hash;
    }

    private HashRing RingOf(IProviderInvoker[] providers)
    {
        // One thread builds while the others wait for it, rather than all building the same ring at once.
        lock (_building)
        {
            var ring = _ring;
            if (ring is null || !ReferenceEquals(ring.Providers, providers))
            {
                ring = HashRing.Build(providers, _virtualNodes, ring);
                Volatile.Write(ref _ring, ring);
            }

            return ring;
        }
    }
}
