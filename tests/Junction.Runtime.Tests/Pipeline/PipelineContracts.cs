namespace Junction.Runtime.Tests.Pipeline;

/// <summary>Says which provider answered, for load-balancing and failover tests.</summary>
[RpcService(Protocol = "inproc")]
public interface IWhoProbe
{
    Task<string> WhoAsync();
}

/// <summary>One method safe to retry and one that is not.</summary>
[RpcService(Protocol = "inproc")]
public interface IFailoverProbe
{
    [RpcMethod(Idempotent = true)]
    Task<string> ReadAsync(int call);

    Task<string> WriteAsync(int call);
}

/// <summary>Methods that never finish or that throw, with and without a contract timeout.</summary>
[RpcService(Protocol = "inproc")]
public interface ISlowProbe
{
    [RpcMethod(TimeoutMs = 300)]
    Task<string> HangAsync(CancellationToken cancellationToken);

    Task<string> HangWithoutContractTimeoutAsync(CancellationToken cancellationToken);

    Task<string> ThrowAsync();

    Task<string> ThrowSynchronouslyAsync();
}

/// <summary>An interface that looks like a contract but was never marked, so nothing was generated for it.</summary>
public interface INotAContract
{
    Task PingAsync();
}

/// <summary>A contract exported on a protocol the application has not registered (grpc arrives in a later issue).</summary>
[RpcService(Protocol = "grpc")]
public interface IGrpcOnlyProbe
{
    Task PingAsync();
}
