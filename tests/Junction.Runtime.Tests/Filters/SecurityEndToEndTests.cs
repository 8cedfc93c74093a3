using Junction.Filters.Security;
using Junction.Hosting;
using Junction.Invocation;
using Junction.Registry;
using Junction.Runtime.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Junction.Runtime.Tests.Filters;

/// <summary>A signing consumer and an authenticating provider in separate hosts, over inproc.</summary>
public class SecurityEndToEndTests
{
    private const string AccessKey = "orders-app";
    private const string Secret = "orders-secret";

    [Fact]
    public async Task A_signed_call_passes_and_the_implementation_sees_its_attachments_without_the_auth_ones()
    {
        var registry = new InMemoryRegistry();
        var probe = new SecurityProbe();
        await using var provider = await StartProviderAsync(registry, probe, RequireSignatures);
        await using var consumer = await StartConsumerAsync(registry, AccessKey, Secret);
        var client = consumer.Services.GetRequiredService<ISecurityProbe>();

        using (RpcContext.WithAttachment("tenant", "blue"))
        {
            Assert.Equal("found a", await client.FindAsync("a"));
            Assert.Equal("deleted b", await client.DeleteAsync("b"));
        }

        Assert.Equal(2, probe.Seen.Count);
        foreach (var seen in probe.Seen)
        {
            Assert.Equal("blue", seen["tenant"]);
            Assert.DoesNotContain(seen.Keys, key => key.StartsWith("junction.auth.", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(null, null, "attachment junction.auth.key is missing")]
    [InlineData(AccessKey, "a-wrong-secret", "signature of access key 'orders-app' does not match")]
    [InlineData("someone-else", "their-secret", "access key 'someone-else' is unknown")]
    public async Task A_call_that_is_not_signed_with_a_known_key_and_secret_is_refused(string? accessKey, string? secret, string expected)
    {
        var registry = new InMemoryRegistry();
        var probe = new SecurityProbe();
        await using var provider = await StartProviderAsync(registry, probe, RequireSignatures);
        await using var consumer = await StartConsumerAsync(registry, accessKey, secret);

        var error = await Assert.ThrowsAsync<RpcException>(() => consumer.Services.GetRequiredService<ISecurityProbe>().FindAsync("a"));

        Assert.Equal(RpcStatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(".Find was refused", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.Empty(probe.Seen);
    }

    [Fact]
    public async Task The_allow_list_lets_a_key_call_only_what_it_lists()
    {
        var registry = new InMemoryRegistry();
        var probe = new SecurityProbe();
        var service = Junction.Contracts.ContractRegistry.Get<ISecurityProbe>().InterfaceName;
        await using var provider = await StartProviderAsync(registry, probe, o =>
        {
            RequireSignatures(o);
            o.Security.AllowList[AccessKey] = [service + "/Find"];
        });
        await using var consumer = await StartConsumerAsync(registry, AccessKey, Secret);
        var client = consumer.Services.GetRequiredService<ISecurityProbe>();

        Assert.Equal("found a", await client.FindAsync("a"));
        var error = await Assert.ThrowsAsync<RpcException>(() => client.DeleteAsync("a"));

        Assert.Equal(RpcStatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains($"'{AccessKey}' may not call {service}/Delete", error.Message, StringComparison.Ordinal);
        Assert.Single(probe.Seen);
    }

    [Fact]
    public async Task A_custom_authenticator_and_authorizer_replace_the_built_in_ones()
    {
        var registry = new InMemoryRegistry();
        var probe = new SecurityProbe();
        await using var provider = await StartProviderAsync(registry, probe, o =>
        {
            o.Security.Authenticate = true;
            o.Security.Authenticator = new BearerAuthenticator();
            o.Security.Authorizer = new FindOnlyForAlice();
        });
        await using var consumer = await StartConsumerAsync(registry, null, null);
        var client = consumer.Services.GetRequiredService<ISecurityProbe>();

        using (RpcContext.WithAttachment("junction.auth.bearer", "alice-token"))
        {
            Assert.Equal("found a", await client.FindAsync("a"));
            var denied = await Assert.ThrowsAsync<RpcException>(() => client.DeleteAsync("a"));
            Assert.Equal(RpcStatusCode.PermissionDenied, denied.StatusCode);
            Assert.Contains("'alice' may not call", denied.Message, StringComparison.Ordinal);
        }

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => client.FindAsync("a"));
        Assert.Equal(RpcStatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.Contains("send a bearer token", anonymous.Message, StringComparison.Ordinal);

        // The token was taken off before the implementation ran.
        Assert.DoesNotContain("junction.auth.bearer", Assert.Single(probe.Seen).Keys);
    }

    [Fact]
    public async Task A_service_that_turns_authentication_off_accepts_unsigned_calls_in_an_authenticating_application()
    {
        var registry = new InMemoryRegistry();
        await using var provider = await StartProviderAsync(registry, new SecurityProbe(), RequireSignatures, s => s.Authenticate = false);
        await using var consumer = await StartConsumerAsync(registry, null, null);

        Assert.Equal("found a", await consumer.Services.GetRequiredService<ISecurityProbe>().FindAsync("a"));
    }

    [Fact]
    public async Task A_provider_that_requires_signatures_without_credentials_fails_to_start_saying_what_to_set()
    {
        var registry = new InMemoryRegistry();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartProviderAsync(registry, new SecurityProbe(), o => o.Security.Authenticate = true));

        Assert.Contains("requires signed calls (Authenticate = true)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Security.Credentials is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("Security.Authenticator", error.Message, StringComparison.Ordinal);
        Assert.Empty(registry.GetInstances(Junction.Contracts.ContractRegistry.Get<ISecurityProbe>().ServiceKey));
    }

    private static void RequireSignatures(JunctionOptions options)
    {
        options.Security.Authenticate = true;
        options.Security.Credentials[AccessKey] = Secret;
    }

    private static Task<TestHost> StartProviderAsync(InMemoryRegistry registry, SecurityProbe probe, Action<JunctionOptions> configure, Action<ServiceOptions>? service = null)
        => TestHost.StartAsync(services =>
        {
            services.AddSingleton(probe);
            services.AddJunction(o =>
            {
                o.UseRegistry(registry);
                configure(o);
            }).AddRpcService<ISecurityProbe, SecurityProbe>(service);
        });

    private static Task<TestHost> StartConsumerAsync(InMemoryRegistry registry, string? accessKey, string? secret)
        => TestHost.StartAsync(services => services.AddJunction(o =>
        {
            o.UseRegistry(registry);
            o.Security.AccessKey = accessKey;
            o.Security.SecretKey = secret;
        }).AddRpcClient<ISecurityProbe>());

    /// <summary>Stands in for a JWT check: a token in an attachment names the caller.</summary>
    private sealed class BearerAuthenticator : IAuthenticator
    {
        public ValueTask<AuthenticationResult> AuthenticateAsync(Invocation.Invocation invocation)
            => new(invocation.TryGetAttachment("junction.auth.bearer", out var token) && token == "alice-token"
                ? AuthenticationResult.Success("alice")
                : AuthenticationResult.Failure("send a bearer token in junction.auth.bearer."));
    }

    private sealed class FindOnlyForAlice : IAuthorizer
    {
        public ValueTask<bool> IsAllowedAsync(string identity, Invocation.Invocation invocation)
            => new(identity == "alice" && invocation.Method.Name == "Find");
    }
}
