using Junction.Hosting;
using Junction.Registry;
using Junction.Runtime.Tests.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Junction.Runtime.Tests.Filters;

/// <summary>Security settings that cannot work are refused with a message that says what to change.</summary>
public class SecurityOptionsTests
{
    public static TheoryData<Action<SecurityOptions>, string[]> Invalid => new()
    {
        { s => s.AccessKey = "k", ["only one of AccessKey and SecretKey", "set both or neither"] },
        { s => s.SecretKey = "s", ["only one of AccessKey and SecretKey"] },
        { s => { s.AccessKey = ""; s.SecretKey = "s"; }, ["empty AccessKey or SecretKey", "both to null"] },
        { s => s.ReplayWindow = TimeSpan.Zero, ["ReplayWindow is 00:00:00", "must be positive"] },
        { s => s.ReplayCacheCapacity = 0, ["ReplayCacheCapacity is 0", "1 or more"] },
        { s => s.Credentials["k"] = "", ["Credentials has an entry with an empty access key or secret (key 'k')"] },
        { s => s.AllowList["k"] = ["/Find"], ["AllowList[\"k\"] has the entry '/Find'", "com.foo.BarService/Find"] },
        { s => s.AllowList["k"] = ["com.foo.BarService/"], ["has the entry 'com.foo.BarService/'"] },
        { s => s.AllowList["k"] = ["a/b/c"], ["has the entry 'a/b/c'"] },
        { s => s.AllowList["k"] = [" "], ["has the entry ' '"] },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_settings_are_refused_saying_what_to_change(Action<SecurityOptions> configure, string[] expected)
    {
        var options = new SecurityOptions();
        configure(options);

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        foreach (var part in expected)
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Valid_settings_pass()
    {
        var options = new SecurityOptions { AccessKey = "k", SecretKey = "s", Authenticate = true };
        options.Credentials["k"] = "s";
        options.AllowList["k"] = ["*", "com.foo.BarService", "com.foo.BarService/Find"];
        options.AllowList["nobody"] = [];

        options.Validate();
    }

    [Fact]
    public async Task A_consumer_with_an_access_key_but_no_secret_fails_to_start()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestHost.StartAsync(services => services.AddJunction(o =>
        {
            o.UseRegistry(new InMemoryRegistry());
            o.Security.AccessKey = "orders-app";
        }).AddRpcClient<ISecurityProbe>()));

        Assert.Contains("only one of AccessKey and SecretKey", error.Message, StringComparison.Ordinal);
    }
}
