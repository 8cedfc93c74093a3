namespace Junction.Scripting.Tests;

/// <summary>A contract that exists to get method descriptors and generated requests for invocations to route.</summary>
[RpcService(Protocol = "inproc")]
public interface IRouteProbe
{
    /// <summary>Two arguments, so a rule can read either.</summary>
    ValueTask<ProbeReply> FindAsync(long userId, string region);

    /// <summary>A second method, so a rule can tell methods apart.</summary>
    ValueTask<ProbeReply> ListAsync(string category);
}

/// <summary>The probe's answer; never sent.</summary>
[RpcMessage]
public sealed record ProbeReply([RpcField(1)] string Text);
