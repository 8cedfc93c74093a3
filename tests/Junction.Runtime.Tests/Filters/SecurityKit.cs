using Junction.Contracts;
using Junction.Filters;
using Junction.Filters.Security;
using Junction.Hosting;
using Junction.Invocation;
using Junction.Runtime.Tests.Cluster;
using Microsoft.Extensions.Logging.Abstractions;

namespace Junction.Runtime.Tests.Filters;

/// <summary>
/// The security filters called directly, with a clock per side that moves only when the test says so: a consumer
/// signs a call, the test delivers a copy of it (as a protocol would) to the provider's filter, and sees the outcome.
/// </summary>
internal sealed class SecurityKit
{
    public const string AccessKey = "app-a";
    public const string Secret = "s3cret-of-app-a";

    private readonly Dictionary<ServiceDescriptor, AuthFilter> _providers = [];

    public SecurityKit()
    {
        Provider.Security.Authenticate = true;
        Provider.Security.Credentials[AccessKey] = Secret;
    }

    public static ServiceDescriptor Probe => ContractRegistry.Get<ISecurityProbe>();

    public static MethodDescriptor Find => Probe.FindMethod("Find")!;

    public static MethodDescriptor Delete => Probe.FindMethod("Delete")!;

    public static MethodDescriptor OtherFind => ContractRegistry.Get<IOtherSecurityProbe>().FindMethod("Find")!;

    public ManualTimeProvider ConsumerClock { get; } = new();

    public ManualTimeProvider ProviderClock { get; } = new();

    /// <summary>The provider application's settings; change them before the first <see cref="Deliver"/>.</summary>
    public JunctionOptions Provider { get; } = new();

    /// <summary>The attachments the implementation saw on the last call that reached it.</summary>
    public IDictionary<string, string>? ReachedWith { get; private set; }

    /// <summary>A call of <paramref name="method"/> as the consumer's signature filter sends it.</summary>
    public Invocation.Invocation Sign(MethodDescriptor method, string accessKey = AccessKey, string secret = Secret)
    {
        var consumer = new JunctionOptions();
        consumer.Security.AccessKey = accessKey;
        consumer.Security.SecretKey = secret;
        var filter = CreateSignatureFilter(consumer, ConsumerClock, method.Service);
        Assert.NotNull(filter);
        var invocation = new Invocation.Invocation(method, "x");
        var sent = filter.InvokeAsync(invocation, static _ => new ValueTask<RpcResult>(RpcResult.FromValue("sent")));
        Assert.True(sent.IsCompletedSuccessfully);
        return invocation;
    }

    /// <summary>The provider filter an export of <see cref="Probe"/> with these settings would run (null: none).</summary>
    public static AuthFilter? CreateProviderFilter(JunctionOptions application, ServiceOptions? service = null, TimeProvider? time = null, ServiceDescriptor? contract = null)
        => AuthFilter.Create(new ProviderFilterContext(contract ?? Probe, service ?? new ServiceOptions(), application, NullLoggerFactory.Instance, time ?? TimeProvider.System));

    /// <summary>The consumer's per-provider signature filter with these settings (null: none).</summary>
    public static SignatureFilter? CreateSignatureFilter(JunctionOptions application, TimeProvider? time = null, ServiceDescriptor? contract = null)
        => SignatureFilter.Create(new ConsumerFilterContext(contract ?? Probe, new ReferenceOptions(), application, NullLoggerFactory.Instance, time ?? TimeProvider.System));

    /// <summary>The provider filter of <paramref name="service"/>, made once per kit so its replay cache lives across calls.</summary>
    public AuthFilter ProviderFilter(ServiceDescriptor service)
    {
        if (!_providers.TryGetValue(service, out var filter))
        {
            filter = CreateProviderFilter(Provider, time: ProviderClock, contract: service);
            Assert.NotNull(filter);
            _providers.Add(service, filter);
        }

        return filter;
    }

    /// <summary>The built-in authenticator's replay cache.</summary>
    public ReplayCache Replays(ServiceDescriptor service) => ((HmacAuthenticator)ProviderFilter(service).Authenticator).Replays;

    /// <summary>
    /// Delivers a copy of <paramref name="sent"/> to the provider of <paramref name="calledAs"/> (the method it was
    /// signed for unless a test tampers with it) and returns the outcome.
    /// </summary>
    public RpcResult Deliver(Invocation.Invocation sent, MethodDescriptor? calledAs = null)
    {
        var method = calledAs ?? sent.Method;
        var received = new Invocation.Invocation(method, sent.Request);
        foreach (var (key, value) in sent.Attachments)
        {
            received.Attachments[key] = value;
        }

        ReachedWith = null;
        var result = ProviderFilter(method.Service).InvokeAsync(received, invocation =>
        {
            ReachedWith = new Dictionary<string, string>(invocation.Attachments);
            return new ValueTask<RpcResult>(RpcResult.FromValue("reached"));
        });
        Assert.True(result.IsCompletedSuccessfully, "the built-in filters complete synchronously");
        return result.Result;
    }

    /// <summary>Asserts that the call reached the implementation.</summary>
    public void AssertReached(RpcResult result)
    {
        Assert.True(result.IsSuccess, result.Exception?.Message);
        Assert.NotNull(ReachedWith);
    }

    /// <summary>Asserts that the call was refused with <paramref name="status"/> and a message holding every one of <paramref name="parts"/>.</summary>
    public string AssertRefused(RpcResult result, RpcStatusCode status, params string[] parts)
    {
        var error = Assert.IsType<RpcException>(result.Exception);
        Assert.Equal(status, error.StatusCode);
        foreach (var part in parts)
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }

        Assert.Null(ReachedWith);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        return error.Message;
    }
}
