using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Junction.Invocation;

namespace Junction.LoadBalancing;

/// <summary>
/// The consistent-hash ring of one set of providers (ketama, as Dubbo builds it): each provider owns
/// <c>virtualNodes</c> points on a 32-bit circle, computed from its address alone, and a key belongs to the first point
/// at or after the key's own hash. Immutable once built.
/// </summary>
/// <remarks>
/// Because points depend only on addresses, a provider joining or leaving moves only the keys on its own points: about
/// 1/(n+1) of them when one joins n others, all of them to it. Two providers whose points collide (about three
/// collisions among a thousand providers' 160,000 points) are settled by address order, so the ring does not depend on
/// the order of the provider array; Dubbo's TreeMap keeps whichever provider came last.
/// </remarks>
internal sealed class HashRing
{
    // Points are looked up through 4096 buckets by their top 12 bits: a binary search over the whole ring (160,000
    // points for a thousand providers) misses the cache at most of its 18 steps; within a bucket it takes a few.
    private const int BucketBits = 12;

    private readonly uint[] _points;
    private readonly int[] _bucketStarts;
    private readonly IProviderInvoker[] _owners;
    private readonly HashSet<IProviderInvoker> _members;
    private readonly Dictionary<string, uint[]> _pointsByAddress;

    private HashRing(IProviderInvoker[] providers, uint[] points, int[] bucketStarts, IProviderInvoker[] owners, HashSet<IProviderInvoker> members, Dictionary<string, uint[]> pointsByAddress)
    {
        Providers = providers;
        _points = points;
        _bucketStarts = bucketStarts;
        _owners = owners;
        _members = members;
        _pointsByAddress = pointsByAddress;
    }

    /// <summary>The providers the ring was built from (compared by reference).</summary>
    public IProviderInvoker[] Providers { get; }

    /// <summary>
    /// Builds the ring of <paramref name="providers"/>, reusing the points <paramref name="previous"/> computed for the
    /// same addresses (a provider's points cost <c>virtualNodes / 4</c> MD5 digests).
    /// </summary>
    public static HashRing Build(IProviderInvoker[] providers, int virtualNodes, HashRing? previous)
    {
        var byAddress = new Dictionary<string, uint[]>(providers.Length, StringComparer.Ordinal);
        var entries = new List<(uint Point, string Address, IProviderInvoker Owner)>(providers.Length * virtualNodes);
        foreach (var provider in providers)
        {
            var address = provider.Instance.Address;
            if (!byAddress.TryGetValue(address, out var points))
            {
                if (previous is null || !previous._pointsByAddress.TryGetValue(address, out points) || points.Length != virtualNodes / 4 * 4)
                {
                    points = PointsOf(address, virtualNodes);
                }

                byAddress.Add(address, points);
            }

            foreach (var point in points)
            {
                entries.Add((point, address, provider));
            }
        }

        entries.Sort(static (x, y) => x.Point != y.Point ? x.Point.CompareTo(y.Point) : string.CompareOrdinal(x.Address, y.Address));
        var ringPoints = new List<uint>(entries.Count);
        var owners = new List<IProviderInvoker>(entries.Count);
        foreach (var entry in entries)
        {
            if (ringPoints.Count == 0 || ringPoints[^1] != entry.Point)
            {
                ringPoints.Add(entry.Point);
                owners.Add(entry.Owner);
            }
        }

        // Bucket b's points start at bucketStarts[b] and end where bucket b + 1's start.
        var bucketStarts = new int[(1 << BucketBits) + 1];
        var next = 0;
        for (var bucket = 0; bucket < bucketStarts.Length; bucket++)
        {
            while (next < ringPoints.Count && ringPoints[next] >> (32 - BucketBits) < bucket)
            {
                next++;
            }

            bucketStarts[bucket] = next;
        }

        var members = new HashSet<IProviderInvoker>(providers, ReferenceEqualityComparer.Instance);
        return new HashRing(providers, [.. ringPoints], bucketStarts, [.. owners], members, byAddress);
    }

    /// <summary>The points of the provider at <paramref name="address"/>: for i below nodes/4, the four words of MD5(address + i).</summary>
    public static uint[] PointsOf(string address, int virtualNodes)
    {
        var points = new uint[virtualNodes / 4 * 4];
        Span<byte> digest = stackalloc byte[MD5.HashSizeInBytes];
        for (var i = 0; i < virtualNodes / 4; i++)
        {
            var text = Encoding.UTF8.GetBytes(address + i.ToString(CultureInfo.InvariantCulture));
            MD5.HashData(text, digest);
            for (var word = 0; word < 4; word++)
            {
                points[(i * 4) + word] = Point(digest, word);
            }
        }

        return points;
    }

    /// <summary>
    /// Ketama's word <paramref name="word"/> (0–3) of an MD5 digest: bytes 4w..4w+3 read little-endian, which is Dubbo's
    /// <c>(d[3+4w] &amp; 0xFF) &lt;&lt; 24 | (d[2+4w] &amp; 0xFF) &lt;&lt; 16 | (d[1+4w] &amp; 0xFF) &lt;&lt; 8 | (d[4w] &amp; 0xFF)</c>.
    /// </summary>
    public static uint Point(ReadOnlySpan<byte> digest, int word) => BinaryPrimitives.ReadUInt32LittleEndian(digest[(word * 4)..]);

    /// <summary>How many providers are on the ring.</summary>
    public int Count => _members.Count;

    /// <summary>The same ring for another array holding the same providers (as <see cref="Contains"/> and <see cref="Count"/> tell).</summary>
    public HashRing For(IProviderInvoker[] sameProviders) => new(sameProviders, _points, _bucketStarts, _owners, _members, _pointsByAddress);

    /// <summary>Whether every one of <paramref name="providers"/> is on the ring.</summary>
    public bool Contains(IProviderInvoker[] providers)
    {
        if (providers.Length > _members.Count)
        {
            return false;
        }

        foreach (var provider in providers)
        {
            if (!_members.Contains(provider))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The owner of the first point at or after <paramref name="hash"/>, wrapping round to the first point.</summary>
    public IProviderInvoker Find(uint hash) => _owners[Ceiling(hash)];

    /// <summary>
    /// Like <see cref="Find"/>, but walks on round the ring to the first point owned by one of <paramref name="subset"/>:
    /// the provider the key would have if the ring held only the subset. For calls that pass fewer providers than the
    /// ring has (one is down, or a retry leaves the tried one out), without building a ring per call.
    /// </summary>
    public IProviderInvoker FindAmong(uint hash, IProviderInvoker[] subset)
    {
        var start = Ceiling(hash);
        for (var step = 0; step < _owners.Length; step++)
        {
            var owner = _owners[(start + step) % _owners.Length];
            if (Array.IndexOf(subset, owner) >= 0)
            {
                return owner;
            }
        }

        return subset[0];
    }

    private int Ceiling(uint hash)
    {
        var bucket = (int)(hash >> (32 - BucketBits));
        var start = _bucketStarts[bucket];
        var index = Array.BinarySearch(_points, start, _bucketStarts[bucket + 1] - start, hash);
        if (index < 0)
        {
            // Not a point: the first one after it, in this bucket or (the bucket's end) the start of the next.
            index = ~index;
        }

        return index == _points.Length ? 0 : index;
    }
}
