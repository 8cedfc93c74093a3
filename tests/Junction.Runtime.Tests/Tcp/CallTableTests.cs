using Junction.Protocols.Tcp;

namespace Junction.Runtime.Tests.Tcp;

/// <summary>
/// A released tcp connection waits for its calls in flight through <see cref="CallTable{T}.WhenEmpty"/>: the wait must
/// end the moment the last call leaves the table, whichever way it leaves (its answer, its deadline or cancellation, a
/// broken connection), and never while a call is left.
/// </summary>
public sealed class CallTableTests
{
    private sealed record Call(long Id = 0);

    [Fact]
    public void An_empty_table_is_empty_at_once()
    {
        var table = new CallTable<Call>();
        Assert.True(table.WhenEmpty().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_wait_ends_when_the_last_call_is_answered_and_not_before()
    {
        var table = new CallTable<Call>();
        var first = new Call();
        table.Add(1, first);
        table.Add(2, new Call());
        var empty = table.WhenEmpty();

        Assert.True(table.TryRemove(2, out _));
        Assert.False(empty.IsCompleted, "One call is still in flight.");
        table.Remove(1, new Call());
        Assert.False(empty.IsCompleted, "Removing a different call with the same id must not count.");

        table.Remove(1, first);
        await empty.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_wait_ends_when_a_sweep_takes_the_last_calls()
    {
        var table = new CallTable<Call>();
        table.Add(1, new Call(1));
        table.Add(2, new Call(2));
        var empty = table.WhenEmpty();

        // A deadline sweep that takes one call, then a broken connection that takes the rest.
        var removed = new List<Call>();
        table.RemoveWhere(static (call, id) => call.Id == id, 2L, removed);
        Assert.Equal([new Call(2)], removed);
        Assert.False(empty.IsCompleted, "One call is still in flight.");

        table.RemoveWhere(static (_, _) => true, 0L, removed);
        Assert.Equal(2, removed.Count);
        await empty.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_table_that_fills_again_gives_a_new_wait()
    {
        var table = new CallTable<Call>();
        table.Add(1, new Call());
        var firstWait = table.WhenEmpty();
        Assert.True(table.TryRemove(1, out _));
        await firstWait.WaitAsync(TimeSpan.FromSeconds(10));

        table.Add(2, new Call());
        var secondWait = table.WhenEmpty();
        Assert.False(secondWait.IsCompleted, "A call is in flight again.");
        Assert.True(table.TryRemove(2, out _));
        await secondWait.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
