using Junction.Invocation;

namespace Junction.Runtime.Tests.Filters;

/// <summary>A service with two methods, for authorization by service and by method.</summary>
[RpcService(Protocol = "inproc")]
public interface ISecurityProbe
{
    Task<string> FindAsync(string name);

    Task<string> DeleteAsync(string name);
}

/// <summary>Another service, for signatures presented to the wrong one.</summary>
[RpcService(Protocol = "inproc")]
public interface IOtherSecurityProbe
{
    Task<string> FindAsync(string name);
}

/// <summary>Answers with the method called and records the attachments each call showed the implementation.</summary>
internal sealed class SecurityProbe : ISecurityProbe
{
    public List<IReadOnlyDictionary<string, string>> Seen { get; } = [];

    public Task<string> FindAsync(string name) => Answer("found " + name);

    public Task<string> DeleteAsync(string name) => Answer("deleted " + name);

    private Task<string> Answer(string answer)
    {
        lock (Seen)
        {
            Seen.Add(new Dictionary<string, string>(RpcContext.ServerAttachments));
        }

        return Task.FromResult(answer);
    }
}
