using Junction.TestProvider;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// A consumer whose contract does not match what the provider exports (another version, another group, a method the
/// provider does not have) gets <c>Unimplemented</c> naming what is missing, and the connection stays usable.
/// </summary>
public sealed class TcpUnknownServiceTests
{
    private const string InterfaceName = "Junction.TestProvider.IEchoService";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_consumer_of_another_version_gets_Unimplemented_naming_the_service_key()
    {
        await using var provider = await TcpProvider.StartAsync(new TestEchoService("versioned-provider"));
        await using var client = EchoClient.Direct<IEchoServiceVersion2>(provider.Url);

        var (error, _) = await RpcAssert.FailsAsync(RpcStatusCode.Unimplemented, () => client.Proxy.WhoAsync(), Generous);

        Assert.Contains($"it/{InterfaceName}:2.0.0", error.Message);
        Assert.Contains($"127.0.0.1:{provider.Port}", error.Message);
    }

    [Fact]
    public async Task A_consumer_of_another_group_gets_Unimplemented_naming_the_service_key()
    {
        await using var provider = await TcpProvider.StartAsync(new TestEchoService("grouped-provider"));
        await using var client = EchoClient.Direct<IEchoServiceOtherGroup>(provider.Url);

        var (error, _) = await RpcAssert.FailsAsync(RpcStatusCode.Unimplemented, () => client.Proxy.WhoAsync(), Generous);

        Assert.Contains($"other/{InterfaceName}:1.0.0", error.Message);
    }

    [Fact]
    public async Task A_method_the_provider_does_not_have_gets_Unimplemented_naming_it_and_the_connection_stays_usable()
    {
        await using var provider = await TcpProvider.StartAsync(new TestEchoService("older-provider"));
        await using var client = EchoClient.Direct<IEchoServiceWithNewMethod>(provider.Url);

        var (error, _) = await RpcAssert.FailsAsync(RpcStatusCode.Unimplemented, () => client.Proxy.NewerMethodAsync(), Generous);

        Assert.Contains("NewerMethod", error.Message);
        Assert.Contains($"it/{InterfaceName}:1.0.0", error.Message);
        Assert.Equal("older-provider", await client.Proxy.WhoAsync());
    }
}

/// <summary>The test contract's interface name in version 2.0.0, which no test provider exports.</summary>
[RpcService(Name = "Junction.TestProvider.IEchoService", Version = "2.0.0", Group = "it", Protocol = "tcp")]
public interface IEchoServiceVersion2
{
    Task<string> WhoAsync(CancellationToken cancellationToken = default);
}

/// <summary>The test contract's interface name and version in group <c>other</c>, which no test provider exports.</summary>
[RpcService(Name = "Junction.TestProvider.IEchoService", Version = "1.0.0", Group = "other", Protocol = "tcp")]
public interface IEchoServiceOtherGroup
{
    Task<string> WhoAsync(CancellationToken cancellationToken = default);
}

/// <summary>The test contract as a newer consumer sees it: the same service key and one method more.</summary>
[RpcService(Name = "Junction.TestProvider.IEchoService", Version = "1.0.0", Group = "it", Protocol = "tcp")]
public interface IEchoServiceWithNewMethod
{
    Task<string> WhoAsync(CancellationToken cancellationToken = default);

    Task<string> NewerMethodAsync(CancellationToken cancellationToken = default);
}
