using System.Security.Cryptography;
using System.Text;
using Junction.Filters.Security;
using Junction.Hosting;

namespace Junction.Runtime.Tests.Filters;

/// <summary>The built-in signature, checked by the provider filter called directly, with clocks the tests move.</summary>
public class SecurityAuthenticationTests
{
    private static readonly TimeSpan Window = new SecurityOptions().ReplayWindow;

    [Fact]
    public void A_signed_call_reaches_the_implementation_without_the_auth_attachments()
    {
        var kit = new SecurityKit();
        var sent = kit.Sign(SecurityKit.Find);
        sent.Attachments["tenant"] = "blue";
        sent.Attachments["junction.auth.extra"] = "for a custom authenticator";

        kit.AssertReached(kit.Deliver(sent));

        // What the caller attached for the implementation is kept; everything under junction.auth. is gone.
        Assert.Equal("blue", kit.ReachedWith!["tenant"]);
        Assert.DoesNotContain(kit.ReachedWith.Keys, key => key.StartsWith("junction.auth.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_signature_is_hmac_sha256_over_the_documented_canonical_string()
    {
        var kit = new SecurityKit();
        kit.ConsumerClock.Advance(TimeSpan.FromMilliseconds(1234));

        var sent = kit.Sign(SecurityKit.Find);

        // A peer in another language signs from the documentation: pin every byte of the wire format.
        var ts = sent.Attachments["junction.auth.ts"];
        var nonce = sent.Attachments["junction.auth.nonce"];
        Assert.Equal(SecurityKit.AccessKey, sent.Attachments["junction.auth.key"]);
        Assert.Equal(kit.ConsumerClock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), ts);
        Assert.Equal(16, System.Buffers.Text.Base64Url.DecodeFromChars(nonce).Length);
        var canonical = $"{SecurityKit.Probe.ServiceKey}\n{SecurityKit.Find.Name}\n{ts}\n{nonce}\n";
        var expected = System.Buffers.Text.Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SecurityKit.Secret), Encoding.UTF8.GetBytes(canonical)));
        Assert.Equal(expected, sent.Attachments["junction.auth.sig"]);

        // Each attempt gets a nonce of its own.
        Assert.NotEqual(nonce, kit.Sign(SecurityKit.Find).Attachments["junction.auth.nonce"]);
    }

    [Theory]
    [InlineData("junction.auth.key")]
    [InlineData("junction.auth.ts")]
    [InlineData("junction.auth.nonce")]
    [InlineData("junction.auth.sig")]
    public void A_call_without_one_signature_attachment_is_refused_naming_it(string attachment)
    {
        var kit = new SecurityKit();
        var sent = kit.Sign(SecurityKit.Find);
        sent.Attachments.Remove(attachment);

        kit.AssertRefused(kit.Deliver(sent), RpcStatusCode.Unauthenticated, $"attachment {attachment} is missing", "Security.AccessKey and Security.SecretKey");
    }

    [Fact]
    public void A_call_signed_with_the_wrong_secret_is_refused_without_revealing_the_expected_signature()
    {
        var kit = new SecurityKit();
        var sent = kit.Sign(SecurityKit.Find, secret: "not-the-secret");

        var message = kit.AssertRefused(kit.Deliver(sent), RpcStatusCode.Unauthenticated, "signature of access key 'app-a' does not match", "Security.SecretKey");

        var genuine = kit.Sign(SecurityKit.Find);
        Assert.DoesNotContain(genuine.Attachments["junction.auth.sig"], message, StringComparison.Ordinal);
        Assert.DoesNotContain(sent.Attachments["junction.auth.sig"], message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_from_an_unknown_access_key_is_refused_naming_the_key()
    {
        var kit = new SecurityKit();

        kit.AssertRefused(kit.Deliver(kit.Sign(SecurityKit.Find, accessKey: "app-z")), RpcStatusCode.Unauthenticated, "access key 'app-z' is unknown", "Security.Credentials");
    }

    [Fact]
    public void A_signature_presented_for_another_method_is_refused()
    {
        var kit = new SecurityKit();

        kit.AssertRefused(kit.Deliver(kit.Sign(SecurityKit.Find), calledAs: SecurityKit.Delete), RpcStatusCode.Unauthenticated, "does not match this call of", "/Delete");
    }

    [Fact]
    public void A_signature_presented_to_another_service_is_refused()
    {
        var kit = new SecurityKit();

        kit.AssertRefused(kit.Deliver(kit.Sign(SecurityKit.Find), calledAs: SecurityKit.OtherFind), RpcStatusCode.Unauthenticated, "does not match this call of", "IOtherSecurityProbe/Find");
    }

    [Fact]
    public void A_tampered_timestamp_breaks_the_signature()
    {
        var kit = new SecurityKit();
        var sent = kit.Sign(SecurityKit.Find);
        sent.Attachments["junction.auth.ts"] = (long.Parse(sent.Attachments["junction.auth.ts"], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        kit.AssertRefused(kit.Deliver(sent), RpcStatusCode.Unauthenticated, "does not match");
    }

    [Theory]
    [InlineData("junction.auth.ts", "-5", "is not a unix time in milliseconds")]
    [InlineData("junction.auth.ts", "soon", "is not a unix time in milliseconds")]
    [InlineData("junction.auth.nonce", "short", "is not 16 random bytes in base64url")]
    [InlineData("junction.auth.nonce", "!!!!!!!!!!!!!!!!!!!!!!", "is not 16 random bytes in base64url")]
    [InlineData("junction.auth.nonce", "AAAAAAAAAAAAAAAAAAAAAAAA", "is not 16 random bytes in base64url")]
    [InlineData("junction.auth.sig", "!!", "does not match")]
    [InlineData("junction.auth.sig", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "does not match")]
    public void Malformed_attachments_are_refused_saying_what_is_wrong(string attachment, string value, string expected)
    {
        var kit = new SecurityKit();
        var sent = kit.Sign(SecurityKit.Find);
        sent.Attachments[attachment] = value;

        kit.AssertRefused(kit.Deliver(sent), RpcStatusCode.Unauthenticated, expected);
    }

    [Fact]
    public void The_same_call_sent_twice_is_refused_as_replayed()
    {
        var kit = new SecurityKit();
        var sent = kit.Sign(SecurityKit.Find);
        kit.AssertReached(kit.Deliver(sent));
        kit.ProviderClock.Advance(TimeSpan.FromSeconds(10));

        kit.AssertRefused(kit.Deliver(sent), RpcStatusCode.Unauthenticated, "access key 'app-a' was replayed", "nonce was already used");

        // Fresh calls still pass.
        kit.AssertReached(kit.Deliver(kit.Sign(SecurityKit.Find)));
    }

    [Fact]
    public void A_call_older_than_the_window_is_refused_as_expired()
    {
        var kit = new SecurityKit();
        var sent = kit.Sign(SecurityKit.Find);
        var onTime = kit.Sign(SecurityKit.Find);
        kit.ProviderClock.Advance(Window);
        kit.AssertReached(kit.Deliver(onTime));

        kit.ProviderClock.Advance(TimeSpan.FromMilliseconds(1));

        kit.AssertRefused(kit.Deliver(sent), RpcStatusCode.Unauthenticated, "behind the provider's clock", "expired or from the future, check clocks");
    }

    [Fact]
    public void A_call_from_a_clock_ahead_by_more_than_the_window_is_refused()
    {
        var kit = new SecurityKit();
        kit.ConsumerClock.Advance(Window);
        kit.AssertReached(kit.Deliver(kit.Sign(SecurityKit.Find)));

        kit.ConsumerClock.Advance(TimeSpan.FromMilliseconds(1));

        kit.AssertRefused(kit.Deliver(kit.Sign(SecurityKit.Find)), RpcStatusCode.Unauthenticated, "ahead of the provider's clock", "expired or from the future, check clocks");
    }

    [Fact]
    public void A_replay_after_the_window_is_refused_as_expired_although_the_cache_forgot_it()
    {
        var kit = new SecurityKit();
        var sent = kit.Sign(SecurityKit.Find);
        kit.AssertReached(kit.Deliver(sent));
        kit.ProviderClock.Advance(Window + TimeSpan.FromMilliseconds(1));
        kit.ConsumerClock.Advance(Window + TimeSpan.FromMilliseconds(1));

        // The next call purges the first one from the cache ...
        kit.AssertReached(kit.Deliver(kit.Sign(SecurityKit.Find)));
        Assert.Equal(1, kit.Replays(SecurityKit.Probe).Count);

        // ... and the timestamp check still refuses its replay.
        kit.AssertRefused(kit.Deliver(sent), RpcStatusCode.Unauthenticated, "expired or from the future");
    }

    [Fact]
    public void The_replay_cache_stays_bounded_under_many_nonces_and_never_lets_a_forgotten_call_through()
    {
        var kit = new SecurityKit();
        kit.Provider.Security.ReplayCacheCapacity = 100;
        var first = kit.Sign(SecurityKit.Find);
        kit.AssertReached(kit.Deliver(first));

        Invocation.Invocation last = first;
        for (var i = 0; i < 1_000; i++)
        {
            kit.ConsumerClock.Advance(TimeSpan.FromMilliseconds(1));
            kit.ProviderClock.Advance(TimeSpan.FromMilliseconds(1));
            last = kit.Sign(SecurityKit.Find);
            kit.AssertReached(kit.Deliver(last));
            Assert.True(kit.Replays(SecurityKit.Probe).Count <= 100);
        }

        Assert.Equal(100, kit.Replays(SecurityKit.Probe).Count);

        // A call the full cache forgot, though still inside the window, is refused as too old to check, not let through ...
        kit.AssertRefused(kit.Deliver(first), RpcStatusCode.Unauthenticated, "older than this provider can check for replays", "Security.ReplayCacheCapacity");

        // ... one it remembers is refused as replayed.
        kit.AssertRefused(kit.Deliver(last), RpcStatusCode.Unauthenticated, "was replayed");
    }

    [Fact]
    public void The_replay_cache_admits_each_nonce_once_when_called_from_many_threads()
    {
        var cache = new ReplayCache(10_000, Window);
        var owner = new object();
        var remembered = 0;
        var replayed = 0;

        Parallel.For(0, 8, _ =>
        {
            for (var nonce = 0; nonce < 2_000; nonce++)
            {
                var verdict = cache.TryRemember(owner, (UInt128)nonce, timestampMs: 1_000 + nonce, nowMs: 3_000);
                Interlocked.Increment(ref verdict == ReplayVerdict.Remembered ? ref remembered : ref replayed);
            }
        });

        Assert.Equal(2_000, remembered);
        Assert.Equal(7 * 2_000, replayed);
        Assert.Equal(2_000, cache.Count);
    }

    [Fact]
    public void Nothing_is_signed_or_checked_unless_configured()
    {
        var options = new JunctionOptions();
        Assert.Null(SecurityKit.CreateSignatureFilter(options));
        Assert.Null(SecurityKit.CreateProviderFilter(options));

        // The service's own setting wins over the application's, both ways.
        options.Security.Authenticate = true;
        options.Security.Credentials["k"] = "s";
        Assert.Null(SecurityKit.CreateProviderFilter(options, new ServiceOptions { Authenticate = false }));
        options.Security.Authenticate = false;
        Assert.NotNull(SecurityKit.CreateProviderFilter(options, new ServiceOptions { Authenticate = true }));
    }
}
