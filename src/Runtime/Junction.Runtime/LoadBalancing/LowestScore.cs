using System.Buffers;
using Junction.Contracts;
using Junction.Invocation;

namespace Junction.LoadBalancing;

/// <summary>A figure of a provider's call statistics where lower is better (in-flight calls, expected response time).</summary>
internal interface IProviderScore
{
    /// <summary>The provider's score from its statistics for the method called.</summary>
    double Score(CallStats stats);
}

/// <summary>
/// Dubbo's least-active selection, shared by <c>leastactive</c> and <c>shortestresponse</c>: keep the providers with the
/// lowest score; one wins outright, several are split by weight (after warm-up), or evenly when their weights are equal.
/// </summary>
internal static class LowestScore
{
    private const int StackLimit = 256;

    /// <summary>Picks the index of a provider of <paramref name="weights"/> with the lowest score.</summary>
    public static int Pick<TScore>(WeightTable weights, MethodDescriptor method, TScore scorer, Random random)
        where TScore : struct, IProviderScore
    {
        var stats = weights.StatsOf(method);
        var count = stats.Length;
        int[]? rented = null;
        var lowest = count <= StackLimit ? stackalloc int[count] : (rented = ArrayPool<int>.Shared.Rent(count));

        var best = double.PositiveInfinity;
        var ties = 0;
        long total = 0;
        var firstWeight = 0;
        var sameWeight = true;
        for (var i = 0; i < count; i++)
        {
            var score = scorer.Score(stats[i]);
            var weight = weights.Weight(i);
            if (score < best)
            {
                best = score;
                lowest[0] = i;
                ties = 1;
                total = weight;
                firstWeight = weight;
                sameWeight = true;
            }
            else if (score == best)
            {
                lowest[ties++] = i;
                total += weight;
                sameWeight &= weight == firstWeight;
            }
        }

        var picked = weights.PickAmong(lowest[..ties], total, sameWeight, random);
        if (rented is not null)
        {
            ArrayPool<int>.Shared.Return(rented);
        }

        return picked;
    }
}
