using Junction.Filters.Token;
using Junction.Generated.Junction_Runtime_Tests;
using Junction.Hosting;
using Junction.Invocation;
using Junction.Registry;
using Junction.Runtime.Tests.Pipeline;
using Junction.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Junction.Runtime.Tests.Filters;

/// <summary>
/// <see cref="ServiceOptions.Token"/>: the provider registers a token, consumers that found it in the registry send it,
/// and calls that bypass the registry are refused.
/// </summary>
public class TokenFilterTests
{
    private static readonly string ServiceKey = LimitsProbeDescriptor.Service.ServiceKey;

    [Fact]
    public async Task A_consumer_through_the_registry_is_served_and_the_implementation_never_sees_the_token()
    {
        var registry = new InMemoryRegistry();
        await using var provider = await StartProviderAsync(registry, "true");
        await using var client = new TestClient<ILimitsProbe>(new JunctionClientOptions { Registry = registry });

        Assert.Equal("", await client.Proxy.AttachmentsAsync());
        using (RpcContext.WithAttachment("tenant", "acme"))
        {
            Assert.Equal("tenant=acme", await client.Proxy.AttachmentsAsync());
        }
    }

    [Fact]
    public async Task A_direct_connection_is_refused_with_PermissionDenied_without_revealing_the_token()
    {
        var registry = new InMemoryRegistry();
        await using var provider = await StartProviderAsync(registry, "true");
        var (address, token) = Registered(registry);
        await using var client = new TestClient<ILimitsProbe>(new JunctionClientOptions { Registry = new InMemoryRegistry(), Url = address });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Proxy.AttachmentsAsync());

        Assert.Equal(RpcStatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("carries no token", error.Message, StringComparison.Ordinal);
        Assert.Contains("through the registry", error.Message, StringComparison.Ordinal);
        Assert.Contains("direct connections (ReferenceOptions.Url) are refused", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_and_the_right_one_is_accepted_even_on_a_direct_connection()
    {
        var registry = new InMemoryRegistry();
        await using var provider = await StartProviderAsync(registry, "s3cret-ünïcode");
        var (address, token) = Registered(registry);
        Assert.Equal("s3cret-ünïcode", token);
        await using var client = new TestClient<ILimitsProbe>(new JunctionClientOptions { Registry = new InMemoryRegistry(), Url = address });

        foreach (var wrong in new[] { "s3cret-unicode", "s3cret-ünïcodE", "s3cret-ünïcode ", "", "x" })
        {
            using (RpcContext.WithAttachment("token", wrong))
            {
                var error = await Assert.ThrowsAsync<RpcException>(() => client.Proxy.AttachmentsAsync());
                Assert.Equal(RpcStatusCode.PermissionDenied, error.StatusCode);
                Assert.Contains("carries a wrong token", error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
            }
        }

        // As in Dubbo, a caller that knows the token may send it itself; the token is a registry gate, not a secret.
        using (RpcContext.WithAttachment("token", token))
        {
            Assert.Equal("", await client.Proxy.AttachmentsAsync());
        }
    }

    [Fact]
    public async Task A_direct_connection_whose_url_carries_the_token_is_served_as_in_dubbo()
    {
        var registry = new InMemoryRegistry();
        await using var provider = await StartProviderAsync(registry, "s3cret-ünïcode&=;,");
        var (address, token) = Registered(registry);
        var url = address + "?token=" + Uri.EscapeDataString(token);
        await using var client = new TestClient<ILimitsProbe>(new JunctionClientOptions { Registry = new InMemoryRegistry(), Url = url });

        Assert.Equal("", await client.Proxy.AttachmentsAsync());

        await using var wrong = new TestClient<ILimitsProbe>(new JunctionClientOptions { Registry = new InMemoryRegistry(), Url = address + "?token=guess" });
        var error = await Assert.ThrowsAsync<RpcException>(() => wrong.Proxy.AttachmentsAsync());
        Assert.Equal(RpcStatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task A_random_token_is_new_for_each_export_and_a_literal_one_is_used_as_is()
    {
        var first = new InMemoryRegistry();
        var second = new InMemoryRegistry();
        await using (await StartProviderAsync(first, "true"))
        await using (await StartProviderAsync(second, "DEFAULT"))
        {
            var one = Registered(first).Token;
            var two = Registered(second).Token;
            Assert.Matches("^[0-9a-f]{32}$", one);
            Assert.Matches("^[0-9a-f]{32}$", two);
            Assert.NotEqual(one, two);
        }

        var none = new InMemoryRegistry();
        await using (await StartProviderAsync(none, null))
        {
            Assert.False(none.GetInstances(ServiceKey).Single().Metadata.ContainsKey("token"));
        }
    }

    [Fact]
    public async Task The_provider_filter_checks_the_token_and_removes_it_before_the_implementation()
    {
        var filter = ProviderTokenFilter.Create(LimitsFilterContexts.Provider(s => s.Token = "abc"))!;
        Invocation.Invocation? seen = null;
        InvokerDelegate next = invocation =>
        {
            seen = invocation;
            return new ValueTask<RpcResult>(RpcResult.FromValue("ok"));
        };
        var call = new Invocation.Invocation(LimitsProbeDescriptor.Other, Empty.Instance);
        call.Attachments["token"] = "abc";
        call.Attachments["tenant"] = "acme";

        Assert.True((await filter.InvokeAsync(call, next)).IsSuccess);
        Assert.Same(call, seen);
        Assert.False(call.TryGetAttachment("token", out _));
        Assert.True(call.TryGetAttachment("tenant", out _));

        // Long and short tokens, on and off the stack.
        var longToken = new string('t', 1000);
        var longFilter = ProviderTokenFilter.Create(LimitsFilterContexts.Provider(s => s.Token = longToken))!;
        Assert.True((await longFilter.InvokeAsync(WithToken(longToken), next)).IsSuccess);
        Assert.False((await longFilter.InvokeAsync(WithToken(longToken[..^1] + "u"), next)).IsSuccess);
        Assert.False((await filter.InvokeAsync(WithToken(longToken), next)).IsSuccess);
    }

    [Fact]
    public async Task The_consumer_filter_sends_the_token_of_providers_that_registered_one()
    {
        var plain = new ServiceInstance(ServiceKey, "inproc", "inproc", 1);
        Assert.Null(ConsumerTokenFilter.Create(plain));
        var filter = ConsumerTokenFilter.Create(plain with { Metadata = new Dictionary<string, string> { ["token"] = "abc" } })!;
        var call = new Invocation.Invocation(LimitsProbeDescriptor.Other, Empty.Instance);
        call.Attachments["token"] = "stale";

        string? sent = null;
        await filter.InvokeAsync(call, invocation =>
        {
            invocation.TryGetAttachment("token", out sent);
            return new ValueTask<RpcResult>(RpcResult.FromValue("ok"));
        });

        Assert.Equal("abc", sent);
    }

    [Fact]
    public async Task Export_rejects_method_settings_for_a_method_the_contract_lacks()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestHost.StartAsync(services =>
            services.AddJunction(o => o.UseRegistry(new InMemoryRegistry()))
                .AddRpcService<ILimitsProbe, GatedProbe>(s => s.Methods["Wrok"] = new ServiceMethodOptions { Executes = 1 })));

        Assert.Contains($"The export of {ServiceKey} configures method 'Wrok', which the contract does not have", error.Message, StringComparison.Ordinal);
        Assert.Contains("its methods are Work, Other, Attachments", error.Message, StringComparison.Ordinal);
    }

    private static Invocation.Invocation WithToken(string token)
    {
        var call = new Invocation.Invocation(LimitsProbeDescriptor.Other, Empty.Instance);
        call.Attachments["token"] = token;
        return call;
    }

    private static (string Address, string Token) Registered(InMemoryRegistry registry)
    {
        var instance = registry.GetInstances(ServiceKey).Single();
        return (instance.ToString(), instance.Metadata["token"]);
    }

    private static Task<TestHost> StartProviderAsync(InMemoryRegistry registry, string? token)
        => TestHost.StartAsync(services =>
        {
            var probe = new GatedProbe();
            probe.Open();
            services.AddSingleton(probe);
            services.AddJunction(o => o.UseRegistry(registry)).AddRpcService<ILimitsProbe, GatedProbe>(s => s.Token = token);
        });
}
