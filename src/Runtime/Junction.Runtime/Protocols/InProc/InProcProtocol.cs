using System.Collections.Concurrent;
using Junction.Contracts;
using Junction.Invocation;
using Junction.Registry;

namespace Junction.Protocols.InProc;

/// <summary>
/// Calls between applications in one process, without serialization: the request and response objects are handed over
/// as they are (as Dubbo's injvm does), so messages must not be mutated after a call. Each protocol instance is one
/// "server" with its own port number, so several providers of a service can live in one process and be balanced.
/// Deadlines and cancellation behave as over the network.
/// </summary>
public sealed class InProcProtocol : IProtocol
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "inproc";

    /// <summary>The host name in inproc addresses.</summary>
    public const string Host = "inproc";

    private static readonly ConcurrentDictionary<int, InProcProtocol> Servers = new();
    private static int _lastPort;

    private readonly ConcurrentDictionary<string, Exporter> _exporters = new(StringComparer.Ordinal);

    /// <summary>Creates a server with a port unique in this process.</summary>
    public InProcProtocol()
    {
        Port = Interlocked.Increment(ref _lastPort);
    }

    /// <inheritdoc />
    public string Name => ProtocolName;

    /// <summary>This server's port in <c>inproc://inproc:{port}</c>.</summary>
    public int Port { get; }

    /// <inheritdoc />
    public ValueTask<ServiceInstance> ExportAsync(Exporter exporter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        if (!_exporters.TryAdd(exporter.Service.ServiceKey, exporter))
        {
            throw new InvalidOperationException($"{exporter.Service.ServiceKey} is already exported on inproc://{Host}:{Port}.");
        }

        Servers[Port] = this;
        return new ValueTask<ServiceInstance>(new ServiceInstance(exporter.Service.ServiceKey, ProtocolName, Host, Port));
    }

    /// <inheritdoc />
    public ValueTask UnexportAsync(Exporter exporter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        _exporters.TryRemove(new KeyValuePair<string, Exporter>(exporter.Service.ServiceKey, exporter));
        if (_exporters.IsEmpty)
        {
            Servers.TryRemove(new KeyValuePair<int, InProcProtocol>(Port, this));
        }

        return default;
    }

    /// <inheritdoc />
    public IProviderInvoker Refer(ServiceInstance instance, ServiceDescriptor service)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(service);
        if (!string.Equals(instance.Protocol, ProtocolName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The inproc protocol cannot call {instance}.", nameof(instance));
        }

        return new InProcInvoker(instance, service);
    }

    private static Exporter? Find(ServiceInstance instance)
        => Servers.TryGetValue(instance.Port, out var server) && server._exporters.TryGetValue(instance.ServiceKey, out var exporter)
            ? exporter
            : null;

    private sealed class InProcInvoker(ServiceInstance instance, ServiceDescriptor service) : IProviderInvoker
    {
        public ProviderStats Stats { get; } = new(service.Methods.Count);

        private readonly string _provider = instance.ToString();

        public ServiceInstance Instance { get; } = instance;

        public bool IsAvailable => Find(Instance) is not null;

        public ValueTask<RpcResult> InvokeAsync(Invocation.Invocation invocation)
        {
            var exporter = Find(Instance);
            if (exporter is null)
            {
                return new ValueTask<RpcResult>(RpcResult.FromException(new RpcException(
                    RpcStatusCode.Unavailable,
                    $"{invocation.Method.FullName}: provider {_provider} is not running (it stopped or no longer exports {Instance.ServiceKey}).")));
            }

            return Call(exporter, invocation);
        }

        public ValueTask DisposeAsync() => default;

        /// <summary>
        /// Runs the provider chain on the caller's thread. Its token comes from a pooled source that fires on the
        /// caller's cancellation and, once the call goes asynchronous, at the deadline: a call the implementation
        /// completes synchronously arms no timer and allocates nothing here but the provider's invocation.
        /// </summary>
        private ValueTask<RpcResult> Call(Exporter exporter, Invocation.Invocation invocation)
        {
            var deadline = CallCancellation.Rent(invocation.CancellationToken);
            var serverInvocation = new Invocation.Invocation(invocation.Method, invocation.Request, deadline.Token)
            {
                Timeout = invocation.Timeout,
                Application = invocation.Application,
            };
            if (invocation.HasAttachments)
            {
                foreach (var (key, value) in invocation.Attachments)
                {
                    serverInvocation.Attachments[key] = value;
                }
            }

            ValueTask<RpcResult> pending;
            try
            {
                pending = exporter.Invoker.InvokeAsync(serverInvocation);
            }
            catch (Exception e)
            {
                pending = new ValueTask<RpcResult>(RpcResult.FromException(e));
            }

            if (pending.IsCompletedSuccessfully)
            {
                var result = pending.Result;
                var cancelled = deadline.IsCancellationRequested;
                deadline.Return();
                return new ValueTask<RpcResult>(Finish(invocation, result, cancelled));
            }

            if (invocation.Timeout > TimeSpan.Zero)
            {
                deadline.CancelAfter(invocation.Timeout);
            }

            return AwaitAsync(invocation, pending, deadline);
        }

        [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<RpcResult> AwaitAsync(Invocation.Invocation invocation, ValueTask<RpcResult> pending, CallCancellation deadline)
        {
            RpcResult result;
            try
            {
                // WaitAsync returns at the deadline even when the implementation ignores its cancellation token.
                result = await pending.AsTask().WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                result = RpcResult.FromException(e);
            }

            var cancelled = deadline.IsCancellationRequested;
            deadline.Return();
            return Finish(invocation, result, cancelled);
        }

        private RpcResult Finish(Invocation.Invocation invocation, RpcResult result, bool cancelled)
        {
            if (result.IsSuccess)
            {
                return result;
            }

            if (result.Exception is OperationCanceledException && cancelled)
            {
                return RpcResult.FromException(invocation.CancellationToken.IsCancellationRequested
                    ? RpcErrors.CancelledByCaller(invocation, _provider)
                    : RpcErrors.Deadline(invocation, _provider));
            }

            return RpcResult.FromException(RpcErrors.FromProvider(result.Exception!, invocation, _provider), result.Attachments);
        }
    }

    /// <summary>
    /// A provider-side token for one inproc call, cancelled by the caller's token or the deadline; pooled, with its
    /// timer, while it was never cancelled.
    /// </summary>
    private sealed class CallCancellation
    {
        private static readonly ConcurrentQueue<CallCancellation> Pool = new();

        private CancellationTokenSource _source = new();
        private CancellationTokenRegistration _caller;

        public CancellationToken Token => _source.Token;

        public bool IsCancellationRequested => _source.IsCancellationRequested;

        public static CallCancellation Rent(CancellationToken caller)
        {
            if (!Pool.TryDequeue(out var cancellation))
            {
                cancellation = new CallCancellation();
            }

            if (caller.CanBeCanceled)
            {
                cancellation._caller = caller.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), cancellation._source);
            }

            return cancellation;
        }

        public void CancelAfter(TimeSpan delay) => _source.CancelAfter(delay);

        public void Return()
        {
            _caller.Dispose();
            _caller = default;
            if (!_source.TryReset())
            {
                _source.Dispose();
                _source = new CancellationTokenSource();
            }

            Pool.Enqueue(this);
        }
    }
}
