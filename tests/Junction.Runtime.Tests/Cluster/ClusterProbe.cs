namespace Junction.Runtime.Tests.Cluster;

/// <summary>The contract the cluster tests call: answers name the provider that gave them.</summary>
[RpcService(Protocol = "inproc")]
public interface IClusterProbe
{
    [RpcMethod(Idempotent = true)]
    Task<string> ReadAsync(int call);

    Task<string> WriteAsync(int call);

    Task<ClusterReply> ReplyAsync(int call);

    Task<int> CountAsync(int call);

    Task NotifyAsync(int call);

    [RpcMethod(Idempotent = true)]
    Task<string> WaitAsync(int call, CancellationToken cancellationToken);
}

/// <summary>A response message with fields of several kinds, to see what a default response holds.</summary>
[RpcMessage]
public sealed record ClusterReply(string Provider, int Call, IReadOnlyList<string> Tags, ClusterReplyDetail? Detail);

/// <summary>A nested message.</summary>
[RpcMessage]
public sealed record ClusterReplyDetail(string Note);

/// <summary>The implementation behind every healthy fake provider.</summary>
internal sealed class ClusterProbeService(string name) : IClusterProbe
{
    public Task<string> ReadAsync(int call) => Task.FromResult(name);

    public Task<string> WriteAsync(int call) => Task.FromResult(name);

    public Task<ClusterReply> ReplyAsync(int call) => Task.FromResult(new ClusterReply(name, call, [name], new ClusterReplyDetail(name)));

    public Task<int> CountAsync(int call) => Task.FromResult(call + 1);

    public Task NotifyAsync(int call) => Task.CompletedTask;

    public Task<string> WaitAsync(int call, CancellationToken cancellationToken) => Task.FromResult(name);
}
