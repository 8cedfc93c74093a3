using Junction.Contracts;
using Junction.Hosting;

namespace Junction.Runtime.Tests.Pipeline;

/// <summary>
/// <see cref="ReferenceOptions.Url"/> as Dubbo users write it: addresses separated by <c>;</c> (Dubbo) or <c>,</c>, and
/// query parameters that become the provider's parameters.
/// </summary>
public class DirectUrlTests
{
    private static readonly ServiceDescriptor Service = ContractRegistry.Get<IWhoProbe>();

    [Theory]
    [InlineData("inproc://10.0.0.1:20880;inproc://10.0.0.2:20881")]
    [InlineData("inproc://10.0.0.1:20880, inproc://10.0.0.2:20881")]
    [InlineData(" inproc://10.0.0.1:20880 ; inproc://10.0.0.2:20881 ; ")]
    public void Addresses_are_separated_by_semicolons_or_commas(string url)
    {
        var instances = new ReferenceOptions { Url = url }.ParseUrl(Service)!;

        Assert.Equal(["10.0.0.1:20880", "10.0.0.2:20881"], instances.Select(i => $"{i.Host}:{i.Port}"));
        Assert.All(instances, i => Assert.Empty(i.Metadata));
    }

    [Fact]
    public void Query_parameters_become_the_providers_parameters_and_weight_its_weight()
    {
        var url = "inproc://10.0.0.1:20880?region=east&token=s3cret%20%C3%BC&methods=a,b;inproc://10.0.0.2:20881?weight=7";

        var instances = new ReferenceOptions { Url = url }.ParseUrl(Service)!;

        Assert.Equal(2, instances.Count);
        Assert.Equal("east", instances[0].Metadata["region"]);
        Assert.Equal("s3cret ü", instances[0].Metadata["token"]);
        Assert.Equal("a,b", instances[0].Metadata["methods"]);
        Assert.Equal(global::Junction.Registry.ServiceInstance.DefaultWeight, instances[0].Weight);
        Assert.Equal(7, instances[1].Weight);
    }

    [Theory]
    [InlineData("inproc://10.0.0.1:20880?=east", "a parameter without a name")]
    [InlineData("inproc://10.0.0.1:20880?weight=heavy", "weight 'heavy'")]
    [InlineData("inproc://10.0.0.1:20880?weight=-1", "weight '-1'")]
    [InlineData("inproc://10.0.0.1", "not an address like")]
    [InlineData("inproc://10.0.0.1:20880?token=ab#cd", "escape it in parameter values as %23")]
    public void A_bad_address_fails_naming_it_and_what_to_write(string url, string reason)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ReferenceOptions { Url = url }.ParseUrl(Service));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(Service.ServiceKey, error.Message, StringComparison.Ordinal);
    }
}
