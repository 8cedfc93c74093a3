using Junction.Consul.Blocking;

namespace Junction.Consul.Tests.Unit;

public sealed class PacingTests
{
    [Fact]
    public void The_rate_limiter_allows_a_burst_of_two_then_one_query_per_refill_interval()
    {
        var time = new ManualTimeProvider();
        var limiter = new QueryRateLimiter(2, TimeSpan.FromSeconds(15), time);
        Assert.Equal(TimeSpan.Zero, limiter.Take());
        Assert.Equal(TimeSpan.Zero, limiter.Take());
        Assert.Equal(TimeSpan.FromSeconds(15), limiter.Take());
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(TimeSpan.FromSeconds(15), limiter.Take());
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.Zero, limiter.Take());
    }

    [Fact]
    public void The_rate_limiter_refills_to_the_burst_while_queries_block_for_long()
    {
        var time = new ManualTimeProvider();
        var limiter = new QueryRateLimiter(2, TimeSpan.FromSeconds(15), time);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.Take());
            time.Advance(TimeSpan.FromMinutes(5));
        }

        Assert.Equal(TimeSpan.Zero, limiter.Take());
        Assert.Equal(TimeSpan.Zero, limiter.Take());
        Assert.NotEqual(TimeSpan.Zero, limiter.Take());
    }

    [Fact]
    public void Error_backoff_doubles_with_jitter_up_to_the_maximum_and_resets_on_success()
    {
        var backoff = new ErrorBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), new Random(7));
        var ceilings = new[] { 1, 2, 4, 8, 10, 10, 10 };
        foreach (var ceiling in ceilings)
        {
            var pause = backoff.Next();
            Assert.InRange(pause, TimeSpan.FromSeconds(ceiling / 2.0), TimeSpan.FromSeconds(ceiling));
        }

        Assert.Equal(ceilings.Length, backoff.Failures);
        backoff.Reset();
        Assert.InRange(backoff.Next(), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Error_backoff_jitters_so_failing_clients_do_not_retry_in_step()
    {
        var random = new Random(1);
        var pauses = new HashSet<TimeSpan>();
        for (var i = 0; i < 20; i++)
        {
            var backoff = new ErrorBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), random);
            backoff.Next();
            pauses.Add(backoff.Next());
        }

        Assert.True(pauses.Count > 15, $"only {pauses.Count} distinct pauses among 20 clients");
    }

    [Theory]
    [InlineData(15_000, "15s")]
    [InlineData(60_000, "60s")]
    [InlineData(500, "500ms")]
    [InlineData(0.2, "1ms")]
    public void Durations_are_written_as_go_duration_strings_never_zero(double milliseconds, string expected) =>
        Assert.Equal(expected, Http.GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
