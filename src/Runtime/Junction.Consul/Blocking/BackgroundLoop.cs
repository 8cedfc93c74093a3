namespace Junction.Consul.Blocking;

/// <summary>A loop on the thread pool that can be stopped and awaited: stopping cancels its token and waits for it to end.</summary>
internal sealed class BackgroundLoop
{
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    public void Start(Func<CancellationToken, Task> body) => _run = Task.Run(() => body(_stop.Token));

    public async ValueTask StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        finally
        {
            _stop.Dispose();
        }
    }
}
