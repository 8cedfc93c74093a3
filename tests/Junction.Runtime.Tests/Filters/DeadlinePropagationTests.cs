using System.Diagnostics;
using Junction.Invocation;
using Junction.Runtime.Tests.Cluster;

namespace Junction.Runtime.Tests.Filters;

/// <summary>
/// <see cref="Hosting.JunctionOptions.PropagateDeadline"/> at the head of the consumer pipeline, each case made certain: a
/// call made while serving another is refused when that one is past its deadline or was cancelled, and otherwise sent
/// with at most the time it has left. End to end, over a protocol, in <see cref="FilterPipelineTests"/>.
/// </summary>
public sealed class DeadlinePropagationTests
{
    private static readonly TimeSpan OwnTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_call_made_while_serving_a_call_past_its_deadline_is_refused_as_having_no_time_left()
    {
        var served = Served(timeout: TimeSpan.FromMilliseconds(100), servingFor: TimeSpan.FromMilliseconds(200));

        var (error, sent) = await CallWhileServingAsync(served);

        Assert.Null(sent);
        Assert.Equal(RpcStatusCode.DeadlineExceeded, error!.StatusCode);
        Assert.Contains("was not sent: no time left", error.Message, StringComparison.Ordinal);
        Assert.Contains("is past its 100 ms deadline", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(0)] // a served call without a deadline
    public async Task A_call_made_while_serving_a_cancelled_call_is_refused_however_much_time_is_left(int timeoutMs)
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var served = Served(TimeSpan.FromMilliseconds(timeoutMs), servingFor: TimeSpan.FromMilliseconds(10), cancelled.Token);

        var (error, sent) = await CallWhileServingAsync(served);

        Assert.Null(sent);
        Assert.Equal(RpcStatusCode.Cancelled, error!.StatusCode);
        Assert.Contains("was not sent: the call being served", error.Message, StringComparison.Ordinal);
        Assert.Contains("was cancelled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_the_served_call_ended_its_token_is_not_read_as_its_cancellation()
    {
        // Protocols pool the token's source: once the call ended it may be another call's, cancelled for that one. Work
        // the ended call left running still gets the time it has left.
        using var anotherCalls = new CancellationTokenSource();
        await anotherCalls.CancelAsync();
        var served = Served(timeout: TimeSpan.FromSeconds(2), servingFor: TimeSpan.FromMilliseconds(10), anotherCalls.Token);
        served.EndServing();

        var (error, sent) = await CallWhileServingAsync(served);

        Assert.Null(error);
        Assert.NotNull(sent);
        Assert.InRange(sent.Timeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_call_made_while_serving_a_call_with_time_left_is_sent_with_at_most_that_time()
    {
        var served = Served(timeout: TimeSpan.FromSeconds(2), servingFor: TimeSpan.FromMilliseconds(500));

        var (error, sent) = await CallWhileServingAsync(served);

        Assert.Null(error);
        Assert.InRange(sent!.Timeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1_500));
    }

    [Fact]
    public async Task A_served_call_counts_as_ended_once_its_implementation_finished_and_not_before()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var implementation = new GatedProbe(gate.Task);
        var dispatcher = new DispatcherInvoker(ClusterKit.Service, implementation, propagateDeadline: true);
        var served = Request("Read");

        var pending = dispatcher.InvokeAsync(served);
        Assert.False(implementation.EndedDuringCall);
        Assert.False(served.ServedEnded);
        gate.SetResult();
        Assert.True((await pending).IsSuccess);
        Assert.True(served.ServedEnded);

        // Finished before the dispatcher returns: ended at once.
        var quick = Request("Write");
        Assert.True((await dispatcher.InvokeAsync(quick)).IsSuccess);
        Assert.True(quick.ServedEnded);
    }

    /// <summary>A call of <paramref name="method"/> as a provider receives it (its request message decoded).</summary>
    private static Invocation.Invocation Request(string method) =>
        new(ClusterKit.Method(method), ClusterKit.Method(method).DeserializeRequest(ReadOnlySpan<byte>.Empty));

    private static Invocation.Invocation Served(TimeSpan timeout, TimeSpan servingFor, CancellationToken token = default) =>
        new(ClusterKit.Method("Read"), 1, token)
        {
            Timeout = timeout,
            ServedSince = Stopwatch.GetTimestamp() - (long)(servingFor.TotalSeconds * Stopwatch.Frequency),
        };

    /// <summary>Makes a call through a consumer head with deadlines propagated, while <paramref name="served"/> is served.</summary>
    private static async Task<(RpcException? Error, Invocation.Invocation? Sent)> CallWhileServingAsync(Invocation.Invocation served)
    {
        var next = new Recorder();
        var consumer = new ConsumerInvoker([.. Enumerable.Repeat(OwnTimeout, ClusterKit.Service.Methods.Count)], "deadline-tests", next, propagateDeadline: true);
        ValueTask<RpcResult> pending;
        var previous = RpcContext.EnterServed(served);
        try
        {
            pending = consumer.InvokeAsync(new Invocation.Invocation(ClusterKit.Method("Read"), 2));
        }
        finally
        {
            RpcContext.ExitServed(previous);
        }

        var result = await pending;
        return (result.Exception as RpcException, next.Sent);
    }

    /// <summary>Read waits for the gate and notes whether its call already counted as ended while it ran.</summary>
    private sealed class GatedProbe(Task gate) : IClusterProbe
    {
        public bool? EndedDuringCall { get; private set; }

        public async Task<string> ReadAsync(int call)
        {
            EndedDuringCall = RpcContext.CurrentServed?.ServedEnded;
            await gate;
            return "read";
        }

        public Task<string> WriteAsync(int call) => Task.FromResult("write");

        public Task<ClusterReply> ReplyAsync(int call) => throw new NotSupportedException();

        public Task<int> CountAsync(int call) => throw new NotSupportedException();

        public Task NotifyAsync(int call) => throw new NotSupportedException();

        public Task<string> WaitAsync(int call, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class Recorder : IInvoker
    {
        public Invocation.Invocation? Sent { get; private set; }

        public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
        {
            Sent = invocation;
            return new ValueTask<RpcResult>(RpcResult.FromValue(0));
        }
    }
}
