using Junction.Filters.Security;
using Junction.Hosting;

namespace Junction.Runtime.Tests.Filters;

/// <summary><see cref="SecurityOptions.AllowList"/> and a custom <see cref="IAuthorizer"/>, after a good signature.</summary>
public class SecurityAuthorizationTests
{
    private static readonly string Interface = SecurityKit.Probe.InterfaceName;

    [Fact]
    public void A_whole_service_entry_allows_every_method_of_that_service_only()
    {
        var kit = new SecurityKit();
        kit.Provider.Security.AllowList[SecurityKit.AccessKey] = [Interface];

        kit.AssertReached(kit.Deliver(kit.Sign(SecurityKit.Find)));
        kit.AssertReached(kit.Deliver(kit.Sign(SecurityKit.Delete)));
        kit.AssertRefused(kit.Deliver(kit.Sign(SecurityKit.OtherFind)), RpcStatusCode.PermissionDenied, "'app-a' may not call", "IOtherSecurityProbe/Find");
    }

    [Fact]
    public void A_method_entry_allows_that_method_and_denies_the_others_naming_key_service_and_method()
    {
        var kit = new SecurityKit();
        kit.Provider.Security.AllowList[SecurityKit.AccessKey] = [Interface + "/Find"];

        kit.AssertReached(kit.Deliver(kit.Sign(SecurityKit.Find)));
        kit.AssertRefused(
            kit.Deliver(kit.Sign(SecurityKit.Delete)),
            RpcStatusCode.PermissionDenied,
            $"'app-a' may not call {Interface}/Delete",
            "Security.AllowList[\"app-a\"]",
            "add one of them there");
    }

    [Fact]
    public void A_method_entry_may_use_the_csharp_name()
    {
        var kit = new SecurityKit();
        kit.Provider.Security.AllowList[SecurityKit.AccessKey] = [Interface + "/DeleteAsync"];

        kit.AssertReached(kit.Deliver(kit.Sign(SecurityKit.Delete)));
        kit.AssertRefused(kit.Deliver(kit.Sign(SecurityKit.Find)), RpcStatusCode.PermissionDenied, $"{Interface}/Find");
    }

    [Fact]
    public void A_star_allows_everything()
    {
        var kit = new SecurityKit();
        kit.Provider.Security.AllowList[SecurityKit.AccessKey] = ["*"];

        kit.AssertReached(kit.Deliver(kit.Sign(SecurityKit.Delete)));
        kit.AssertReached(kit.Deliver(kit.Sign(SecurityKit.OtherFind)));
    }

    [Fact]
    public void An_empty_list_allows_nothing()
    {
        var kit = new SecurityKit();
        kit.Provider.Security.AllowList[SecurityKit.AccessKey] = [];

        kit.AssertRefused(kit.Deliver(kit.Sign(SecurityKit.Find)), RpcStatusCode.PermissionDenied, $"'app-a' may not call {Interface}/Find");
        kit.AssertRefused(kit.Deliver(kit.Sign(SecurityKit.OtherFind)), RpcStatusCode.PermissionDenied, "IOtherSecurityProbe/Find");
    }

    [Fact]
    public void A_key_not_listed_may_call_everything()
    {
        var kit = new SecurityKit();
        kit.Provider.Security.Credentials["app-b"] = "secret-of-b";
        kit.Provider.Security.AllowList["app-b"] = [];

        kit.AssertReached(kit.Deliver(kit.Sign(SecurityKit.Find)));
        kit.AssertReached(kit.Deliver(kit.Sign(SecurityKit.Delete)));
        kit.AssertRefused(kit.Deliver(kit.Sign(SecurityKit.Find, "app-b", "secret-of-b")), RpcStatusCode.PermissionDenied, "'app-b' may not call");
    }

    [Fact]
    public void A_typo_in_a_method_of_the_exported_service_fails_the_export_naming_the_methods()
    {
        var options = new JunctionOptions();
        options.Security.Authenticate = true;
        options.Security.Credentials["k"] = "s";
        options.Security.AllowList["k"] = [Interface + "/Fnd"];

        var error = Assert.Throws<InvalidOperationException>(() => SecurityKit.CreateProviderFilter(options));

        Assert.Contains("AllowList[\"k\"] allows", error.Message, StringComparison.Ordinal);
        Assert.Contains("has no method Fnd", error.Message, StringComparison.Ordinal);
        Assert.Contains("Find, Delete", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_authorizer_decides_instead_of_the_allow_list_and_its_refusal_names_the_call()
    {
        var kit = new SecurityKit();
        kit.Provider.Security.AllowList[SecurityKit.AccessKey] = [];
        kit.Provider.Security.Authorizer = new ReadOnlyAuthorizer();

        kit.AssertReached(kit.Deliver(kit.Sign(SecurityKit.Find)));
        var message = kit.AssertRefused(kit.Deliver(kit.Sign(SecurityKit.Delete)), RpcStatusCode.PermissionDenied, $"'app-a' may not call {Interface}/Delete", "authorizer refused it");
        Assert.DoesNotContain("AllowList", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_authenticator_and_authorizer_that_complete_later_are_awaited()
    {
        var options = new JunctionOptions();
        options.Security.Authenticate = true;
        options.Security.Authenticator = new SlowAuthenticator("alice");
        options.Security.Authorizer = new SlowAuthorizer();
        var filter = SecurityKit.CreateProviderFilter(options)!;

        var allowed = await filter.InvokeAsync(new Invocation.Invocation(SecurityKit.Find, "x"), _ => new ValueTask<Invocation.RpcResult>(Invocation.RpcResult.FromValue("reached")));
        var denied = await filter.InvokeAsync(new Invocation.Invocation(SecurityKit.Delete, "x"), _ => new ValueTask<Invocation.RpcResult>(Invocation.RpcResult.FromValue("reached")));

        Assert.Equal("reached", allowed.Value);
        var error = Assert.IsType<RpcException>(denied.Exception);
        Assert.Equal(RpcStatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("'alice' may not call", error.Message, StringComparison.Ordinal);
    }

    private sealed class ReadOnlyAuthorizer : IAuthorizer
    {
        public ValueTask<bool> IsAllowedAsync(string identity, Invocation.Invocation invocation) => new(invocation.Method.Name == "Find");
    }

    private sealed class SlowAuthorizer : IAuthorizer
    {
        public async ValueTask<bool> IsAllowedAsync(string identity, Invocation.Invocation invocation)
        {
            await Task.Yield();
            return identity == "alice" && invocation.Method.Name == "Find";
        }
    }

    private sealed class SlowAuthenticator(string identity) : IAuthenticator
    {
        public async ValueTask<AuthenticationResult> AuthenticateAsync(Invocation.Invocation invocation)
        {
            await Task.Yield();
            return AuthenticationResult.Success(identity);
        }
    }
}
