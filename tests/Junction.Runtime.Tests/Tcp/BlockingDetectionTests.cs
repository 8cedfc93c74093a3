using Junction.Contracts;
using Junction.Invocation;
using Junction.Protocols;
using Junction.Runtime.Tests.Pipeline;

namespace Junction.Runtime.Tests.Tcp;

/// <summary>
/// How the adaptive tcp dispatcher decides that a method blocks (<see cref="Exporter.RecordCall"/>): calls that keep
/// holding the read loop move the method to the thread pool; a slow call now and then, as when the operating system takes
/// the CPU from one, does not.
/// </summary>
public class BlockingDetectionTests
{
    private static readonly ServiceDescriptor Service = ContractRegistry.Get<IFailoverProbe>();
    private static readonly MethodDescriptor Read = Service.Methods.Single(m => m.ClrName == "ReadAsync");
    private static readonly MethodDescriptor Write = Service.Methods.Single(m => m.ClrName == "WriteAsync");

    [Fact]
    public void Three_slow_calls_in_a_row_mark_the_method_and_only_the_third_says_so()
    {
        var exporter = NewExporter();

        Assert.False(exporter.RecordCall(Read, slow: true));
        Assert.False(exporter.RecordCall(Read, slow: true));
        Assert.False(exporter.IsBlocking(Read));
        Assert.True(exporter.RecordCall(Read, slow: true));
        Assert.True(exporter.IsBlocking(Read));

        // Marked once: later slow calls (already queued inline on other connections) do not warn again.
        Assert.False(exporter.RecordCall(Read, slow: true));
        Assert.False(exporter.IsBlocking(Write));
    }

    [Fact]
    public void Slow_calls_with_ten_quick_ones_between_never_mark_the_method()
    {
        var exporter = NewExporter();

        for (var round = 0; round < 1000; round++)
        {
            Assert.False(exporter.RecordCall(Read, slow: true));
            for (var i = 0; i < 10; i++)
            {
                Assert.False(exporter.RecordCall(Read, slow: false));
            }
        }

        Assert.False(exporter.IsBlocking(Read));
    }

    [Fact]
    public void A_method_slow_in_one_call_of_four_is_marked_although_never_three_in_a_row()
    {
        var exporter = NewExporter();
        var marked = -1;

        for (var call = 0; call < 400 && marked < 0; call++)
        {
            if (exporter.RecordCall(Read, slow: call % 4 == 0))
            {
                marked = call;
            }
        }

        Assert.True(marked > 0, "a method that blocks in one call of four should be moved to the thread pool");
        Assert.True(exporter.IsBlocking(Read));
    }

    [Fact]
    public void A_method_is_warm_once_a_call_finished()
    {
        var exporter = NewExporter();

        Assert.False(exporter.IsWarm(Read));
        exporter.MarkWarm(Read);
        Assert.True(exporter.IsWarm(Read));
        Assert.False(exporter.IsWarm(Write));
    }

    private static Exporter NewExporter() => new(Service, new NoCall());

    private sealed class NoCall : IInvoker
    {
        public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation) => throw new InvalidOperationException("not called");
    }
}
