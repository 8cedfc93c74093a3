using Junction.Hosting;

namespace Junction.Runtime.Tests.Registry;

/// <summary>Wrong registry reliability settings fail at startup with a message that says what to change.</summary>
public class RegistryOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_match_the_documented_values()
    {
        var options = new JunctionOptions();
        options.Validate();
        Assert.Equal(TimeSpan.FromSeconds(2), options.UnregisterDelay);
        Assert.Equal(TimeSpan.FromSeconds(3), options.RegistryGracePeriod);
        Assert.EndsWith("registry-cache", options.RegistryCacheFolder, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UnregisterDelay", "JunctionOptions.UnregisterDelay is -00:00:01")]
    [InlineData("RegistryGracePeriod", "JunctionOptions.RegistryGracePeriod is 00:00:00")]
    [InlineData("RegistryCacheFolder", "JunctionOptions.RegistryCacheFolder is blank")]
    [InlineData("FirstRulesWait", "RoutingOptions.FirstRulesWait is 00:00:00")]
    public void An_invalid_setting_is_named_in_the_error(string setting, string expected)
    {
        var options = new JunctionOptions();
        switch (setting)
        {
            case "UnregisterDelay": options.UnregisterDelay = TimeSpan.FromSeconds(-1); break;
            case "RegistryGracePeriod": options.RegistryGracePeriod = TimeSpan.Zero; break;
            case "FirstRulesWait": options.Routing.FirstRulesWait = TimeSpan.Zero; break;
            default: options.RegistryCacheFolder = " "; break;
        }

        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
