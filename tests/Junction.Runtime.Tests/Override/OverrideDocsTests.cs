using System.Text.RegularExpressions;
using Junction.Registry;
using Junction.Registry.Override;
using Junction.Routing;

namespace Junction.Runtime.Tests.Override;

/// <summary>The examples in docs/overrides.md, read from the page, do what the page says.</summary>
public partial class OverrideDocsTests
{
    private const string Service = "mall/com.foo.OrderService:1.0";

    private static readonly RouteConsumer Consumer = new("shop", "192.168.1.7");

    [Fact]
    public void Raise_weight_sets_the_weight_of_the_one_provider_it_names()
    {
        var item = Assert.Single(Parse("raise-weight").Items);

        Assert.True(item.IsMatch(Target("10.0.0.7", "orders")));
        Assert.False(item.IsMatch(Target("10.0.0.8", "orders")));
        Assert.Equal(new Dictionary<string, string> { ["weight"] = "400" }, item.Parameters);
    }

    [Fact]
    public void Take_out_disables_the_one_provider_it_names()
    {
        var item = Assert.Single(Parse("take-out").Items);

        Assert.True(item.IsMatch(Target("10.0.0.8", "orders")));
        Assert.False(item.IsMatch(Target("10.0.0.7", "orders")));
        Assert.Equal("true", item.Parameters["disabled"]);
    }

    [Fact]
    public void Tag_region_tags_the_applications_providers_in_that_region()
    {
        var rule = Parse("tag-region");
        var item = Assert.Single(rule.Items);

        Assert.True(rule.ApplicationScope);
        Assert.True(item.IsMatch(Target("10.0.0.7", "orders", "east")));
        Assert.False(item.IsMatch(Target("10.0.0.7", "orders", "west")));
        Assert.False(item.IsMatch(Target("10.0.0.7", "payments", "east")));
        Assert.Equal("gray", item.Parameters["dubbo.tag"]);
    }

    [Fact]
    public void The_error_shown_for_a_bad_weight_is_the_one_a_user_gets()
    {
        var yaml = Block("raise-weight").Replace("weight: 400", "weight: -1", StringComparison.Ordinal);

        var error = Assert.Throws<OverrideRuleException>(() => OverrideDocument.Parse("com.foo.OrderService:1.0:mall.configurators", yaml));

        var page = Regex.Replace(Page(), @"\s+", " ");
        Assert.Contains(error.Message + " The overrides it had stay in force.", page, StringComparison.Ordinal);
    }

    private static OverrideTarget Target(string host, string application, string region = "east")
        => new(Consumer, new ServiceInstance(Service, "tcp", host, 20880)
        {
            Metadata = new Dictionary<string, string> { ["application"] = application, ["region"] = region },
        });

    private static OverrideRule Parse(string name) => OverrideDocument.Parse(name, Block(name));

    /// <summary>The yaml block of the page whose first line is <c># {name}</c>.</summary>
    private static string Block(string name)
    {
        foreach (Match block in YamlBlock().Matches(Page()))
        {
            var text = block.Groups[1].Value;
            if (text.StartsWith("# " + name + "\n", StringComparison.Ordinal))
            {
                return text;
            }
        }

        Assert.Fail($"docs/overrides.md has no yaml block starting with '# {name}'");
        return "";
    }

    private static string Page()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Toolkit.sln")))
        {
            folder = folder.Parent;
        }

        Assert.NotNull(folder);
        return File.ReadAllText(Path.Combine(folder.FullName, "docs", "overrides.md")).ReplaceLineEndings("\n");
    }

    [GeneratedRegex("```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
