using System.Collections.Concurrent;
using Junction.TestProvider;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// The in-process implementation of <see cref="IEchoService"/>. Every test makes its own, so tests share nothing:
/// <see cref="Held"/> gives a test the calls of one <c>HoldAsync</c> tag to watch and release.
/// </summary>
internal sealed class TestEchoService(string name) : IEchoService
{
    private readonly ConcurrentDictionary<string, HeldCall> _held = new(StringComparer.Ordinal);

    public string Name => name;

    /// <summary>Held calls wait for <see cref="HeldCall.Release"/> only, as if the implementation ignored its token.</summary>
    public bool IgnoreCancellation { get; init; }

    /// <summary>The <c>HoldAsync</c> call with <paramref name="tag"/> (whether it arrived yet or not).</summary>
    public HeldCall Held(string tag) => _held.GetOrAdd(tag, static _ => new HeldCall());

    public Task<EchoReply> EchoAsync(EchoRequest request, CancellationToken cancellationToken = default)
        => Task.FromResult(new EchoReply(request.Caller, request.Sequence, request.Payload, name));

    public Task<EchoReply> EchoIdempotentAsync(EchoRequest request, CancellationToken cancellationToken = default)
        => EchoAsync(request, cancellationToken);

    public async Task<string> HoldAsync(string tag, CancellationToken cancellationToken = default)
    {
        var held = Held(tag);
        // Disposed only when the call ends: the token fires while the call is awaiting, never after.
        var registration = cancellationToken.Register(static s => ((HeldCall)s!).Cancelled.TrySetResult(), held);
        held.Started.TrySetResult();
        try
        {
            if (IgnoreCancellation)
            {
                await held.Release.Task;
            }
            else
            {
                await held.Release.Task.WaitAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The wait's own registration can run first and end the call before the one above had its turn.
            held.Cancelled.TrySetResult();
            throw;
        }
        finally
        {
            registration.Dispose();
        }

        return tag + " done by " + name;
    }

    public Task<string> WhoAsync(CancellationToken cancellationToken = default) => Task.FromResult(name);

    /// <summary>What a test sees of one held call: when it reached the implementation, when its token fired; and its release.</summary>
    internal sealed class HeldCall
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
