namespace Junction.Runtime.Tests.Routing.Condition;

/// <summary>The contract the condition-router tests call: arguments of the kinds rules match on, and Dubbo's sample methods.</summary>
[RpcService(Protocol = "inproc")]
public interface IRouteProbe
{
    Task<string> FindAsync(int id, string? name, bool active, double score);

    Task<string> SayHelloAsync(string name);

    Task<string> SayHiAsync(string name);

    Task<string> PingAsync();
}
