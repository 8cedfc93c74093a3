namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>Tolerances for counts of random picks, from the binomial distribution.</summary>
internal static class Binomial
{
    /// <summary>
    /// Five standard deviations: with the fixed seeds the tests use the outcome is fixed anyway, but a tolerance this wide
    /// means another seed would fail by chance about once in 1.7 million checks, while every balancer bug these tests
    /// look for (a weight ignored, a tie broken the wrong way) misses by far more.
    /// </summary>
    public const double Sigmas = 5;

    /// <summary>Asserts that <paramref name="observed"/> of <paramref name="trials"/> is within <see cref="Sigmas"/> deviations of probability <paramref name="p"/>.</summary>
    public static void AssertNear(int observed, int trials, double p, string what)
    {
        var expected = trials * p;
        var tolerance = Sigmas * Math.Sqrt(trials * p * (1 - p));
        Assert.True(Math.Abs(observed - expected) <= tolerance, $"{what}: {observed} of {trials}; expected {expected:0.#} ± {tolerance:0.#}");
    }
}
