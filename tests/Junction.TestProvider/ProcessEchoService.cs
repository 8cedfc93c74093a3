namespace Junction.TestProvider;

/// <summary>
/// The provider process's implementation: echoes, names itself, and holds calls until they are cancelled, printing
/// <c>HOLDING {tag}</c> when one arrives.
/// </summary>
internal sealed class ProcessEchoService(string name) : IEchoService
{
    public Task<EchoReply> EchoAsync(EchoRequest request, CancellationToken cancellationToken = default)
        => Task.FromResult(new EchoReply(request.Caller, request.Sequence, request.Payload, name));

    public Task<EchoReply> EchoIdempotentAsync(EchoRequest request, CancellationToken cancellationToken = default)
        => EchoAsync(request, cancellationToken);

    public async Task<string> HoldAsync(string tag, CancellationToken cancellationToken = default)
    {
        // The test waits for this line to know the call is in flight here.
        Console.Out.WriteLine($"HOLDING {tag}");
        Console.Out.Flush();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return tag;
    }

    public Task<string> WhoAsync(CancellationToken cancellationToken = default) => Task.FromResult(name);
}
