using System.Globalization;
using Junction.Routing;
using Junction.Routing.Condition;

namespace Junction.Runtime.Tests.Routing.Condition;

/// <summary>
/// Which providers a rule leaves, for each feature of the grammar (DUBBO-SEMANTICS §1.2–1.3), on the fleet of
/// <see cref="Routes"/>. Rules are forced here, so "no provider matches" shows as no hosts rather than the fallback.
/// </summary>
public class ConditionMatchingTests
{
    private const string All = "10.0.0.1,10.0.0.2,10.1.0.3,192.168.1.4";

    [Theory]
    [InlineData("=> host=10.0.0.1", "10.0.0.1")]
    [InlineData("=> host!=10.0.0.1", "10.0.0.2,10.1.0.3,192.168.1.4")]
    [InlineData("=> host=10.0.0.1,10.1.0.3", "10.0.0.1,10.1.0.3")]
    [InlineData("=> host!=10.0.0.1,10.1.0.3", "10.0.0.2,192.168.1.4")]
    [InlineData("=> host=10.0.0.*", "10.0.0.1,10.0.0.2")]
    [InlineData("=> host=*.4", "192.168.1.4")]
    [InlineData("=> host=10.*.3", "10.1.0.3")]
    [InlineData("=> host=*", All)]
    [InlineData("=> host=10.* & host!=10.0.0.2", "10.0.0.1,10.1.0.3")]
    [InlineData("=> host=10.0.0.1 & host=10.0.0.2", "10.0.0.1,10.0.0.2")]
    [InlineData("=> host=10.0.0", "")]
    [InlineData("=> region=Hangzhou", "")]
    [InlineData("=> Region=hangzhou", "")]
    public void Then_values_are_exact_lists_and_globs_that_look_at_the_last_star(string rule, string hosts)
        => Assert.Equal(hosts, Routes.Hosts(rule));

    [Theory]
    [InlineData("=> port=20880~20881", "10.0.0.1,10.0.0.2,10.1.0.3")]
    [InlineData("=> port=~20880", "10.0.0.1,10.0.0.2")]
    [InlineData("=> port=20882~20882", "192.168.1.4")]
    [InlineData("=> port!=20881~30000", "10.0.0.1,10.0.0.2")]
    [InlineData("=> region=1~100", "")]
    public void Ranges_are_inclusive_and_only_numbers_fall_in_them(string rule, string hosts)
        => Assert.Equal(hosts, Routes.Hosts(rule));

    [Theory]
    [InlineData("=> address=10.0.0.2:20880", "10.0.0.2")]
    [InlineData("=> address=*:20881", "10.1.0.3")]
    [InlineData("=> protocol=grpc", "10.1.0.3")]
    [InlineData("=> application=stock", "192.168.1.4")]
    [InlineData("=> region=hangzhou & version=1.0", "10.0.0.1")]
    [InlineData("=> region=hangzhou,beijing & env!=gray", "10.0.0.2,10.1.0.3")]
    [InlineData("=> provider.region=shanghai", "192.168.1.4")]
    public void Then_keys_read_the_provider_address_and_metadata(string rule, string hosts)
        => Assert.Equal(hosts, Routes.Hosts(rule));

    [Theory]
    [InlineData("=> env=*", "10.0.0.1,10.0.0.2,10.1.0.3")]
    [InlineData("=> env!=gray", "10.0.0.2,10.1.0.3")]
    [InlineData("=> zone!=x", "")]
    public void A_provider_without_the_key_never_matches_even_a_mismatch(string rule, string hosts)
        => Assert.Equal(hosts, Routes.Hosts(rule));

    [Theory]
    [InlineData("=> region=$region", "10.0.0.1,10.0.0.2")]
    [InlineData("=> env=$env", "10.0.0.1")]
    [InlineData("=> env!=$env", "10.0.0.2,10.1.0.3")]
    [InlineData("=> host=$zone", "10.0.0.1,10.0.0.2")]
    [InlineData("=> application=$application", "")]
    [InlineData("=> region=$consumer.region", "10.0.0.1,10.0.0.2")]
    [InlineData("=> region=$nothing", "")]
    public void Then_references_take_the_consumer_value_as_a_glob(string rule, string hosts)
        => Assert.Equal(hosts, Routes.Hosts(rule));

    [Fact]
    public void A_reference_to_the_consumer_application_selects_providers_of_that_application()
    {
        var consumer = new RouteConsumer("order", "10.0.0.5");

        Assert.Equal("10.0.0.1,10.0.0.2,10.1.0.3", Routes.Hosts("=> application=$application", consumer: consumer));
    }

    [Theory]
    [InlineData("application=shop-web => host=10.0.0.1", "10.0.0.1")]
    [InlineData("application=shop-* => host=10.0.0.1", "10.0.0.1")]
    [InlineData("application=billing => host=10.0.0.1", All)]
    [InlineData("host=10.0.0.* => host=10.0.0.1", "10.0.0.1")]
    [InlineData("consumer.host=10.0.0.5 => host=10.0.0.1", "10.0.0.1")]
    [InlineData("region!=hangzhou => host=10.0.0.1", All)]
    [InlineData("region=hangzhou & env=gray => host=10.0.0.1", "10.0.0.1")]
    [InlineData("region=hangzhou & env=prod => host=10.0.0.1", All)]
    [InlineData("datacenter!=x => host=10.0.0.1", All)]
    [InlineData("region=$region => host=10.0.0.1", All)]
    [InlineData("true => host=10.0.0.1", "10.0.0.1")]
    [InlineData("host=10.0.0.1", "10.0.0.1")]
    public void When_keys_read_the_consumer(string rule, string hosts)
        => Assert.Equal(hosts, Routes.Hosts(rule));

    [Theory]
    [InlineData("method=Find => host=10.0.0.1", "10.0.0.1")]
    [InlineData("method=Fi* => host=10.0.0.1", "10.0.0.1")]
    [InlineData("method=SayHello,Find => host=10.0.0.1", "10.0.0.1")]
    [InlineData("method!=Find => host=10.0.0.1", All)]
    [InlineData("method=find => host=10.0.0.1", All)]
    [InlineData("methods=Find => host=10.0.0.1", "10.0.0.1")]
    public void Method_is_the_called_method(string rule, string hosts)
        => Assert.Equal(hosts, Routes.Hosts(rule, Routes.Find()));

    [Theory]
    [InlineData("arguments[0]=1~10 => host=10.0.0.1", 5, "10.0.0.1")]
    [InlineData("arguments[0]=1~10 => host=10.0.0.1", 10, "10.0.0.1")]
    [InlineData("arguments[0]=1~10 => host=10.0.0.1", 11, All)]
    [InlineData("arguments[0]=~10 => host=10.0.0.1", -3, "10.0.0.1")]
    [InlineData("arguments[0]=1~10 => host=10.0.0.1", -3, All)]
    [InlineData("arguments[0]=42 => host=10.0.0.1", 42, "10.0.0.1")]
    [InlineData("arguments[0]=4* => host=10.0.0.1", 42, "10.0.0.1")]
    [InlineData("arguments[0]!=42 => host=10.0.0.1", 42, All)]
    [InlineData("arguments[0].inner=42 => host=10.0.0.1", 42, "10.0.0.1")]
    public void Int_arguments_match_as_their_decimal_text(string rule, int id, string hosts)
        => Assert.Equal(hosts, Routes.Hosts(rule, Routes.Find(id: id)));

    [Theory]
    [InlineData("arguments[1]=alice => host=10.0.0.1", "alice", "10.0.0.1")]
    [InlineData("arguments[1]=ali* => host=10.0.0.1", "alice", "10.0.0.1")]
    [InlineData("arguments[1]=Alice => host=10.0.0.1", "alice", All)]
    [InlineData("arguments[1]=null => host=10.0.0.1", null, "10.0.0.1")]
    [InlineData("arguments[1]=* => host=10.0.0.1", null, "10.0.0.1")]
    [InlineData("arguments[1]=n* => host=10.0.0.1", "", All)]
    [InlineData("arguments[1]=* => host=10.0.0.1", "", "10.0.0.1")]
    [InlineData("arguments[1]=0~5 => host=10.0.0.1", "abc", All)]
    public void String_arguments_match_as_they_are_and_null_as_the_text_null(string rule, string? name, string hosts)
        => Assert.Equal(hosts, Routes.Hosts(rule, Routes.Find(name: name)));

    [Theory]
    [InlineData("arguments[2]=true => host=10.0.0.1", true, "10.0.0.1")]
    [InlineData("arguments[2]=false => host=10.0.0.1", true, All)]
    [InlineData("arguments[2]=false => host=10.0.0.1", false, "10.0.0.1")]
    [InlineData("arguments[2]=True => host=10.0.0.1", true, All)]
    public void Bool_arguments_match_true_and_false_in_lower_case(string rule, bool active, string hosts)
        => Assert.Equal(hosts, Routes.Hosts(rule, Routes.Find(active: active)));

    [Fact]
    public void Number_arguments_are_written_in_invariant_culture_whatever_the_thread_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Assert.Equal("10.0.0.1", Routes.Hosts("arguments[3]=1.5 => host=10.0.0.1", Routes.Find(score: 1.5)));
            Assert.Equal("10.0.0.1", Routes.Hosts("arguments[0]=12345 => host=10.0.0.1", Routes.Find(id: 12345)));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void An_argument_longer_than_the_stack_buffer_still_matches()
    {
        var name = new string('x', 300) + "é";

        Assert.Equal("10.0.0.1", Routes.Hosts("arguments[1]=xxx* => host=10.0.0.1", Routes.Find(name: name)));
        Assert.Equal("10.0.0.1", Routes.Hosts($"arguments[1]={name} => host=10.0.0.1", Routes.Find(name: name)));
        Assert.Equal(All, Routes.Hosts("arguments[1]=*y => host=10.0.0.1", Routes.Find(name: name)));
    }

    [Theory]
    [InlineData("arguments[4]=* => host=10.0.0.1")]
    [InlineData("arguments[4]!=x => host=10.0.0.1")]
    public void A_call_without_the_argument_does_not_match_it(string rule)
    {
        Assert.Equal(All, Routes.Hosts(rule, Routes.Find()));
        Assert.Equal(All, Routes.Hosts(rule.Replace("[4]", "[0]", StringComparison.Ordinal), Routes.Ping()));
    }

    [Fact]
    public void Attachments_match_by_name_and_an_absent_attachment_never_matches()
    {
        var vip = Routes.Find();
        vip.Attachments["user-level"] = "vip";
        vip.Attachments["dubbo.tag"] = "gray";

        Assert.Equal("10.0.0.1", Routes.Hosts("attachments[user-level]=vip => host=10.0.0.1", vip));
        Assert.Equal("10.0.0.1", Routes.Hosts("attachments[dubbo.tag]=gr* => host=10.0.0.1", vip));
        Assert.Equal(All, Routes.Hosts("attachments[user-level]=basic => host=10.0.0.1", vip));
        Assert.Equal(All, Routes.Hosts("attachments[user-level]=vip => host=10.0.0.1", Routes.Find()));
        Assert.Equal(All, Routes.Hosts("attachments[user-level]!=basic => host=10.0.0.1", Routes.Find()));
    }

    [Fact]
    public void Call_keys_in_a_then_condition_match_no_provider()
    {
        Assert.Equal("", Routes.Hosts("=> arguments[0]=*", Routes.Find()));
        Assert.Equal("", Routes.Hosts("=> attachments[k]=*", Routes.Find()));
    }

    [Fact]
    public void Method_in_a_then_condition_reads_the_provider_metadata()
    {
        var providers = new[]
        {
            Routes.Provider("10.0.0.1", 1, "tcp", ("method", "Find")),
            Routes.Provider("10.0.0.2", 1, "tcp", ("method", "Ping")),
        };
        var router = new ConditionRouter(ConditionRule.Parse("=> method=Find"), Routes.Consumer, "test");

        Assert.Equal("10.0.0.1", Routes.Hosts(router.Route(providers, Routes.Ping())));
    }
}
