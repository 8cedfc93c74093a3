using Junction.Consul.Blocking;

namespace Junction.Consul.Tests.Unit;

/// <summary>The index rules of CONSUL-API.md §4 and §10, one test per rule.</summary>
public sealed class BlockingIndexTests
{
    [Fact]
    public void The_first_query_does_not_block()
    {
        var index = new BlockingIndex();
        Assert.Equal(0UL, index.Current);
        Assert.Equal("", index.Query(TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void A_returned_index_is_sent_next_with_the_wait()
    {
        var index = new BlockingIndex();
        Assert.False(index.Observe(42));
        Assert.Equal("index=42&wait=300s", index.Query(TimeSpan.FromMinutes(5)));
        Assert.False(index.Observe(43));
        Assert.Equal(43UL, index.Current);
    }

    [Fact]
    public void An_unchanged_index_after_a_timed_out_wait_is_kept()
    {
        var index = new BlockingIndex();
        index.Observe(42);
        Assert.False(index.Observe(42));
        Assert.Equal(42UL, index.Current);
    }

    [Fact]
    public void An_index_that_goes_backwards_resets_to_zero_so_the_next_query_does_not_block()
    {
        var index = new BlockingIndex();
        index.Observe(100);
        Assert.True(index.Observe(7));
        Assert.Equal(0UL, index.Current);
        Assert.Equal("", index.Query(TimeSpan.FromSeconds(1)));
        Assert.False(index.Observe(7));
        Assert.Equal("index=7&wait=1s", index.Query(TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0UL)]
    public void A_zero_or_missing_index_is_clamped_to_one_never_sent_as_zero(ulong? returned)
    {
        var index = new BlockingIndex();
        Assert.False(index.Observe(returned));
        Assert.Equal(1UL, index.Current);
        Assert.Equal("index=1&wait=500ms", index.Query(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public void A_zero_after_a_real_index_resets_once_then_clamps_to_one_instead_of_spinning()
    {
        var index = new BlockingIndex();
        index.Observe(50);
        Assert.True(index.Observe(0));
        Assert.Equal(0UL, index.Current);
        Assert.False(index.Observe(0));
        Assert.Equal(1UL, index.Current);
    }
}
