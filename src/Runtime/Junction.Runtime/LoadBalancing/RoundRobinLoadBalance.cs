using System.Collections.Concurrent;
using Junction.Contracts;
using Junction.Invocation;

namespace Junction.LoadBalancing;

/// <summary>
/// Smooth weighted round robin (nginx's, as Dubbo uses since 2.7), per method: every pick adds each provider's weight
/// (after warm-up) to its current score, takes the highest (the first of equals) and subtracts the total from it, so
/// weights 1:2:3 give C B A C B C and then repeat.
/// </summary>
/// <remarks>
/// Two choices differ from Dubbo on purpose. Dubbo resets a provider's score to 0 whenever its weight changes, which
/// during warm-up happens every few seconds and repeatedly hands the warming provider a fresh start (Dubbo issue #15762,
/// "disproportionate traffic to newly scaled-up pods"); here the score is kept and only the weight added changes, as in
/// nginx. And scores are kept per provider invoker rather than per provider URL text, so a provider that is registered
/// again starts from 0. Like Dubbo, the score of a provider absent from the providers passed in is kept for a minute
/// (it may be back on the next call, say after a retry left it out) and dropped after that.
/// </remarks>
internal sealed class RoundRobinLoadBalance : WeightedLoadBalance
{
    /// <summary>The name used in configuration.</summary>
    public const string Name = "roundrobin";

    /// <summary>How long the score of a provider no longer passed in is kept (Dubbo's RECYCLE_PERIOD).</summary>
    internal static readonly TimeSpan RecyclePeriod = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<MethodDescriptor, MethodState> _states = new();
    private readonly long _recycleTicks;

    /// <summary>Creates the balancer; tests pass a fake <paramref name="time"/> (round robin draws no random numbers).</summary>
    internal RoundRobinLoadBalance(Random? random = null, TimeProvider? time = null)
        : base(random, time)
    {
        _recycleTicks = (long)(RecyclePeriod.TotalSeconds * Time.TimestampFrequency);
    }

    /// <summary>How many providers have a score kept for <paramref name="method"/> (tests).</summary>
    internal int ScoresKept(MethodDescriptor method) => _states.TryGetValue(method, out var state) ? state.Count : 0;

    /// <inheritdoc />
    protected override int Pick(WeightTable weights, Invocation.Invocation invocation)
    {
        var state = _states.GetOrAdd(invocation.Method, static _ => new MethodState());
        lock (state)
        {
            if (!ReferenceEquals(state.Providers, weights.Providers))
            {
                state.Align(weights.Providers, Time.GetTimestamp(), _recycleTicks);
            }

            return state.Pick(weights);
        }
    }

    /// <summary>The scores of one method's providers; used under its own lock.</summary>
    private sealed class MethodState
    {
        private readonly Dictionary<IProviderInvoker, Score> _scores = new(ReferenceEqualityComparer.Instance);
        private Score[] _aligned = [];

        /// <summary>The provider array <c>_aligned</c> follows, index for index.</summary>
        public IProviderInvoker[]? Providers { get; private set; }

        public int Count => _scores.Count;

        public int Pick(WeightTable weights)
        {
            var aligned = _aligned;
            long total = 0;
            var best = 0;
            var bestCurrent = long.MinValue;
            for (var i = 0; i < aligned.Length; i++)
            {
                var weight = weights.Weight(i);
                var current = aligned[i].Current += weight;
                total += weight;
                if (current > bestCurrent)
                {
                    bestCurrent = current;
                    best = i;
                }
            }

            aligned[best].Current -= total;
            return best;
        }

        /// <summary>Lines the scores up with a new provider array; only when the array changes, so it may allocate.</summary>
        public void Align(IProviderInvoker[] providers, long now, long recycleTicks)
        {
            // The providers of the array used until now were scored until now.
            foreach (var score in _aligned)
            {
                score.LastUsed = now;
            }

            var aligned = new Score[providers.Length];
            for (var i = 0; i < providers.Length; i++)
            {
                if (!_scores.TryGetValue(providers[i], out var score))
                {
                    score = new Score();
                    _scores.Add(providers[i], score);
                }

                score.LastUsed = now;
                aligned[i] = score;
            }

            _aligned = aligned;
            Providers = providers;
            if (_scores.Count != providers.Length)
            {
                foreach (var (provider, score) in _scores)
                {
                    if (now - score.LastUsed > recycleTicks)
                    {
                        _scores.Remove(provider);
                    }
                }
            }
        }
    }

    private sealed class Score
    {
        public long Current;
        public long LastUsed;
    }
}
