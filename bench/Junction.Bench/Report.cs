using Junction.Bench.Measurement;

namespace Junction.Bench;

/// <summary>
/// What one invocation measured: Junction (all rounds together), the baseline (null without <c>--baseline</c>), and
/// each round of both, from which the ratios are taken.
/// </summary>
internal sealed record Report(RunResult Main, RunResult? Baseline, IReadOnlyList<RunResult> MainRounds, IReadOnlyList<RunResult> BaselineRounds)
{
    /// <summary>Junction calls/s ÷ baseline calls/s: the median over the rounds.</summary>
    public double? ThroughputRatio => MedianRatio(r => r.CallsPerSecond);

    /// <summary>Junction p50 ÷ baseline p50: the median over the rounds.</summary>
    public double? P50Ratio => MedianRatio(r => r.P50Us);

    /// <summary>Each round's throughput ratio, in order.</summary>
    public IReadOnlyList<double> RoundThroughputRatios => RoundRatios(r => r.CallsPerSecond);

    private double? MedianRatio(Func<RunResult, double> figure)
    {
        var ratios = RoundRatios(figure).Order().ToArray();
        if (ratios.Length == 0)
        {
            return null;
        }

        var middle = ratios.Length / 2;
        return ratios.Length % 2 == 1 ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2;
    }

    private List<double> RoundRatios(Func<RunResult, double> figure)
    {
        var ratios = new List<double>();
        for (var i = 0; i < Math.Min(MainRounds.Count, BaselineRounds.Count); i++)
        {
            if (TextReport.Ratio(figure(MainRounds[i]), figure(BaselineRounds[i])) is { } ratio)
            {
                ratios.Add(ratio);
            }
        }

        return ratios;
    }
}
