using Junction.Bench.Measurement;

namespace Junction.Bench.Bare;

/// <summary>The baseline's consumer: <c>connections</c> connections, callers spread over them round robin.</summary>
internal sealed class BareClient : IAsyncDisposable
{
    private readonly BareConnection[] _connections;
    private readonly BareCall[] _calls;
    private readonly int _payloadLength;

    private BareClient(BareConnection[] connections, BareCall[] calls, int payloadLength)
    {
        _connections = connections;
        _calls = calls;
        _payloadLength = payloadLength;
    }

    public static async Task<BareClient> ConnectAsync(int port, int connections, int callers, BareRequest request)
    {
        if (callers > BareCall.MaxSlots)
        {
            throw new ArgumentOutOfRangeException(nameof(callers), callers, $"The baseline supports at most {BareCall.MaxSlots} callers.");
        }

        var calls = new BareCall[callers];
        for (var i = 0; i < callers; i++)
        {
            calls[i] = new BareCall(i, request.BuildFrame(), request.Payload.Length);
        }

        var open = new BareConnection[connections];
        try
        {
            for (var i = 0; i < connections; i++)
            {
                open[i] = await BareConnection.ConnectAsync(port, calls, i, connections).ConfigureAwait(false);
            }
        }
        catch
        {
            foreach (var connection in open)
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }

            throw;
        }

        return new BareClient(open, calls, request.Payload.Length);
    }

    /// <summary>Runs caller <paramref name="caller"/> as a closed loop.</summary>
    public Task RunCallerAsync(int caller, CallerStats stats, RunPhase phase)
        => ClosedLoop.RunAsync<BareEcho, int>(new BareEcho(_connections[caller % _connections.Length], _calls[caller], _payloadLength), stats, phase);

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
