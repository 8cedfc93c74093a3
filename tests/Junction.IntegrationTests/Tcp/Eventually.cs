using System.Diagnostics;

namespace Junction.IntegrationTests.Tcp;

/// <summary>Polling with a deadline, for conditions no event announces.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="what"/> after <paramref name="deadline"/>.</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan deadline, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > deadline)
            {
                Assert.Fail($"Not true within {deadline.TotalSeconds:0.#} s: {what}");
            }

            await Task.Delay(Pause);
        }
    }

    /// <summary>Runs <paramref name="attempt"/> until it returns true; fails with <paramref name="what"/> after <paramref name="deadline"/>.</summary>
    public static async Task TrueAsync(Func<Task<bool>> attempt, TimeSpan deadline, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await attempt())
        {
            if (clock.Elapsed > deadline)
            {
                Assert.Fail($"Not true within {deadline.TotalSeconds:0.#} s: {what}");
            }

            await Task.Delay(Pause);
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing with <paramref name="what"/> if it takes longer than <paramref name="deadline"/>.</summary>
    public static async Task Within(this Task task, TimeSpan deadline, string what)
    {
        try
        {
            await task.WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Did not happen within {deadline.TotalSeconds:0.#} s: {what}");
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing with <paramref name="what"/> if it takes longer than <paramref name="deadline"/>.</summary>
    public static async Task<T> Within<T>(this Task<T> task, TimeSpan deadline, string what)
    {
        try
        {
            return await task.WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Did not happen within {deadline.TotalSeconds:0.#} s: {what}");
            throw;
        }
    }
}

/// <summary>Asserts on the <see cref="RpcException"/> a call fails with, and how long it took to fail.</summary>
internal static class RpcAssert
{
    public static async Task<(RpcException Error, TimeSpan Elapsed)> FailsAsync(RpcStatusCode expected, Func<Task> call, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        Exception? thrown = null;
        try
        {
            await call().WaitAsync(deadline);
        }
        catch (TimeoutException) when (clock.Elapsed >= deadline)
        {
            Assert.Fail($"The call neither completed nor failed within {deadline.TotalSeconds:0.#} s (expected {expected}).");
        }
        catch (Exception e)
        {
            thrown = e;
        }

        var elapsed = clock.Elapsed;
        var error = Assert.IsType<RpcException>(thrown ?? throw new Xunit.Sdk.XunitException($"The call succeeded; expected RpcException {expected}."), exactMatch: false);
        Assert.True(error.StatusCode == expected, $"Expected {expected}, got {error.StatusCode}: {error.Message}");
        return (error, elapsed);
    }
}
