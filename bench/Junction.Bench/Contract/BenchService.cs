namespace Junction.Bench.Contract;

/// <summary>
/// The provider: answers with the request message itself, so the run measures the framework, not the service.
/// Provider <c>N</c> of several (N &gt; 0) stamps its number on a copy, so the consumer can count calls per provider.
/// </summary>
public sealed class BenchService(BenchProviderNumber number) : IBenchService
{
    /// <inheritdoc />
    public ValueTask<EchoMessage> EchoAsync(EchoMessage message)
        => ValueTask.FromResult(number.Value == 0 ? message : message with { Provider = number.Value });

    /// <inheritdoc />
    public ValueTask<EchoMessage> EchoIdempotentAsync(EchoMessage message) => EchoAsync(message);
}

/// <summary>Which of the run's providers this process is (counted from 0).</summary>
public sealed record BenchProviderNumber(int Value);
