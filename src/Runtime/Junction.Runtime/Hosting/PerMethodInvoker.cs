using Junction.Invocation;

namespace Junction.Hosting;

/// <summary>
/// A reference whose methods use different clusters or load balancers (<see cref="ReferenceOptions.Methods"/>): each
/// call goes to its method's invoker. All of them share the reference's directory.
/// </summary>
internal sealed class PerMethodInvoker(IInvoker[] byMethodIndex, IReadOnlyList<IAsyncDisposable> owned) : IInvoker, IAsyncDisposable
{
    public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation) => byMethodIndex[invocation.Method.Index].InvokeAsync(invocation);

    public async ValueTask DisposeAsync()
    {
        foreach (var invoker in owned)
        {
            await invoker.DisposeAsync().ConfigureAwait(false);
        }
    }
}
