namespace Junction.Bench.Contract;

/// <summary>The provider: answers with the request message itself, so the run measures the framework, not the service.</summary>
public sealed class BenchService : IBenchService
{
    /// <inheritdoc />
    public ValueTask<EchoMessage> EchoAsync(EchoMessage message) => ValueTask.FromResult(message);
}
