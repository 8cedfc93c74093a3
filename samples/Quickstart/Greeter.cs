using Junction;

namespace Quickstart;

/// <summary>The contract: the generator turns it into a client proxy, a dispatcher and serializers at compile time.</summary>
[RpcService(Version = "1.0.0", Group = "demo", Protocol = "tcp")]
public interface IGreeter
{
    /// <summary>Greets one person; idempotent, so a failed call may be retried on another provider.</summary>
    [RpcMethod(TimeoutMs = 3000, Retries = 2, Idempotent = true)]
    Task<HelloReply> SayHelloAsync(HelloRequest request, CancellationToken cancellationToken = default);

    /// <summary>Several parameters travel in a generated request message.</summary>
    ValueTask<HelloReply> GreetManyAsync(string name, int times, CancellationToken cancellationToken = default);
}

/// <summary>A request message.</summary>
[RpcMessage]
public sealed record HelloRequest([RpcField(1)] string Name, [RpcField(2)] string Language);

/// <summary>A response message: which provider answered, and when.</summary>
[RpcMessage]
public sealed record HelloReply([RpcField(1)] string Message, [RpcField(2)] string Provider, [RpcField(3)] DateTimeOffset At);

/// <summary>The implementation each provider runs.</summary>
public sealed class Greeter(ProviderName provider) : IGreeter
{
    /// <inheritdoc />
    public Task<HelloReply> SayHelloAsync(HelloRequest request, CancellationToken cancellationToken = default)
    {
        var greeting = request.Language switch
        {
            "fr" => "Bonjour",
            "es" => "Hola",
            _ => "Hello",
        };
        return Task.FromResult(new HelloReply($"{greeting}, {request.Name}!", provider.Name, DateTimeOffset.UtcNow));
    }

    /// <inheritdoc />
    public ValueTask<HelloReply> GreetManyAsync(string name, int times, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(new HelloReply(string.Join(" ", Enumerable.Repeat($"Hi {name}!", times)), provider.Name, DateTimeOffset.UtcNow));
}

/// <summary>Tells a provider instance its name, so the output shows who answered.</summary>
public sealed record ProviderName(string Name);
