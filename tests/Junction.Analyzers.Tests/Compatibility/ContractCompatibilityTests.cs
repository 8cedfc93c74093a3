using Junction.Generators.Model;
using Junction.Generators.Parser;

namespace Junction.Analyzers.Tests.Compatibility;

/// <summary>The rules themselves, on manifests: what the analyzer and the CLI agree is breaking.</summary>
public sealed class ContractCompatibilityTests
{
    [Theory]
    [InlineData("1.4.0", "2.0.0", true)]
    [InlineData("1.4.0", "1.9.0", false)]
    [InlineData("1.4.0", "1.4.0", false)]
    [InlineData("9.1", "10.0", true)]
    [InlineData("10.0", "9.9", false)]
    [InlineData("2.0.0", "1.0.0", false)]
    [InlineData("1", "2", true)]
    [InlineData("01.0", "1.5", false)]
    [InlineData("99999999999999999999.0", "100000000000000000000.0", true)]
    [InlineData("v1.0", "v2.0", true)]
    [InlineData("v2.0", "v10.0", false)]
    [InlineData("", "1.0.0", true)]
    [InlineData("1.0.0", "", false)]
    public void Major_version_is_the_part_before_the_first_dot(string locked, string current, bool raised)
    {
        Assert.Equal(raised, ContractCompatibility.IsMajorRaised(locked, current));
    }

    [Fact]
    public void Swapped_field_numbers_are_reported_once_per_field()
    {
        var locked = Contract("1.0", Message("M", Field("a", 1, "int32"), Field("b", 2, "string")));
        var current = Contract("1.0", Message("M", Field("a", 2, "int32"), Field("b", 1, "string")));

        var changes = ContractCompatibility.Compare(locked, current);

        Assert.Equal([BreakingChangeKind.FieldRenumbered, BreakingChangeKind.FieldRenumbered], changes.Select(c => c.Kind));
        Assert.Equal("in 'Svc' moved field 'a' from number 1 to 2", changes[0].Description);
        Assert.Equal("in 'Svc' moved field 'b' from number 2 to 1", changes[1].Description);
    }

    [Fact]
    public void Message_no_longer_reached_is_reported_where_it_was_referenced_only()
    {
        var locked = Contract("1.0", Message("M", Field("a", 1, "Old")), Message("Old", Field("x", 1, "int32")));
        var current = Contract("1.0", Message("M", Field("a", 1, "New")), Message("New", Field("y", 1, "string")));

        var change = Assert.Single(ContractCompatibility.Compare(locked, current));

        Assert.Equal(BreakingChangeKind.FieldReused, change.Kind);
        Assert.Equal("M", change.Subject);
        Assert.Equal("in 'Svc' changed field 'a' = 1 from Old to New", change.Description);
    }

    [Fact]
    public void Additions_are_not_breaking()
    {
        var locked = Contract("1.0", Message("M", Field("a", 1, "int32")));
        var current = new ManifestContract(
            "Svc", "", "1.0",
            new([new ManifestMethod("Call", "M", "M"), new ManifestMethod("Extra", "M", ContractManifest.EmptyMessage)]),
            new([Message("M", Field("a", 1, "int32"), Field("b", 2, "bytes")), Message("N")]));

        Assert.Empty(ContractCompatibility.Compare(locked, current));
    }

    private static ManifestContract Contract(string version, params ManifestMessage[] messages)
        => new("Svc", "", version, new([new ManifestMethod("Call", "M", "M")]), new(messages));

    private static ManifestMessage Message(string name, params ManifestField[] fields) => new(name, new EquatableArray<ManifestField>(fields));

    private static ManifestField Field(string name, int number, string type) => new(name, number, type);
}
