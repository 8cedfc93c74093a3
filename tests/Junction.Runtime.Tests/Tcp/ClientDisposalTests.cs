using System.Net;
using System.Net.Sockets;
using Junction.Protocols.Tcp;
using Junction.Registry;
using Junction.Runtime.Tests.Cluster;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;

namespace Junction.Runtime.Tests.Tcp;

/// <summary>A released tcp connection ends, whenever the release comes, even against a provider that never answers.</summary>
public sealed class ClientDisposalTests
{
    [Fact]
    public async Task A_connection_released_as_it_connects_to_a_provider_that_never_answers_ends()
    {
        // A provider that accepts and then says nothing: only the consumer can end the connection.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = silent.AcceptSocketAsync();
        var provider = new ServiceInstance(ClusterKit.Service.ServiceKey, "tcp", "127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port);
        using var factory = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions(), NullLogger.Instance);

        // The release comes after the connect finished and before its session is published: it finds no session to
        // end, and its heartbeats stop with it. (Checked to fail: without the session checking for a release when it is
        // published, the release waited for good and this test timed out.)
        var made = new TaskCompletionSource<TcpClientConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        var releasing = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        var connection = new TcpClientConnection(
            provider,
            new TcpOptions { HeartbeatIntervalMs = 200 },
            new TcpMethodTable(ClusterKit.Service),
            factory,
            NullLogger.Instance,
            connected: async () =>
            {
                var self = await made.Task;
                releasing.TrySetResult(self.DisposeAsync().AsTask());
            });
        made.SetResult(connection);
        using var socket = await accepted.WaitAsync(ClusterKit.Patience);

        var release = await releasing.Task.WaitAsync(ClusterKit.Patience);
        await release.WaitAsync(TimeSpan.FromSeconds(20));
    }
}
