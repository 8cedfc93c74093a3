using Junction.Consul.Registry;

namespace Junction.Consul.Tests.Unit;

public sealed class MetaKeyTests
{
    [Theory]
    [InlineData("application", "application")]
    [InlineData("dubbo.tag", "dubbo_2Etag")]
    [InlineData("my_key", "my__key")]
    [InlineData("a:b/c", "a_3Ab_2Fc")]
    [InlineData("consul-thing", "_63onsul-thing")]
    [InlineData("é", "_C3_A9")]
    [InlineData("😀", "_F0_9F_98_80")]
    public void Escapes_to_consuls_key_charset(string key, string escaped)
    {
        Assert.Equal(escaped, MetaKey.Escape(key));
        Assert.Matches("^[A-Za-z0-9_-]+$", escaped);
        Assert.False(escaped.StartsWith("consul-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("application")]
    [InlineData("dubbo.tag")]
    [InlineData("__x__")]
    [InlineData("_2E")]
    [InlineData("consul-x")]
    [InlineData("weird key: with spaces/and.dots_and_ünïcode 😀")]
    public void Unescaping_returns_the_original_key(string key)
    {
        Assert.True(MetaKey.TryUnescape(MetaKey.Escape(key), out var back));
        Assert.Equal(key, back);
    }

    [Theory]
    [InlineData(MetaKey.Protocol)]
    [InlineData(MetaKey.Weight)]
    [InlineData(MetaKey.StartTime)]
    [InlineData(MetaKey.ServiceKey)]
    public void Junctions_own_entries_are_never_mistaken_for_metadata(string key) =>
        Assert.False(MetaKey.TryUnescape(key, out _));
}
