using Junction.Generators.Parser;

namespace Junction.Analyzers.Tests.Compatibility;

/// <summary>The strict JSON reader under junction.contracts.json, and the manifest schema on top of it.</summary>
public sealed class ManifestJsonTests
{
    [Fact]
    public void Reads_objects_arrays_strings_integers_literals_and_escapes()
    {
        var root = ManifestJson.Parse("\uFEFF{ \"s\": \"\\u0041\\n\\\"\\/\\\\\\t\\b\\f\\r\",\r\n \"n\": -42, \"z\": 0, \"a\": [true, false, null, []], \"o\": {} }\n");

        Assert.Equal(JsonKind.Object, root.Kind);
        Assert.Equal(["s", "n", "z", "a", "o"], root.Properties.Select(p => p.Name));
        Assert.Equal("A\n\"/\\\t\b\f\r", root.Properties[0].Value.String);
        Assert.Equal(-42, root.Properties[1].Value.Integer);
        Assert.Equal(0, root.Properties[2].Value.Integer);
        var items = root.Properties[3].Value.Items;
        Assert.Equal([JsonKind.Boolean, JsonKind.Boolean, JsonKind.Null, JsonKind.Array], items.Select(i => i.Kind));
        Assert.True(items[0].Boolean);
        Assert.False(items[1].Boolean);
        Assert.Equal((2, 7), (root.Properties[1].Value.Line, root.Properties[1].Value.Column));
    }

    [Theory]
    [InlineData("", "the file is empty", 1, 1)]
    [InlineData("  \n ", "the file is empty", 2, 2)]
    [InlineData("{\n  \"version\": 1,\n  \"contracts\": [1,]\n}", "expected a value after ',' (trailing commas are not allowed)", 3, 19)]
    [InlineData("{\n  \"a\": 1,\n}", "expected a property name in double quotes, found '}'", 3, 1)]
    [InlineData("{\n  // a comment\n}", "expected a property name in double quotes, found '/'", 2, 3)]
    [InlineData("{'a': 1}", "expected a property name in double quotes, found '''", 1, 2)]
    [InlineData("{\"a\" 1}", "expected ':' after the property name", 1, 6)]
    [InlineData("{\"a\": 1 \"b\": 2}", "expected ',' or '}' after a property value", 1, 9)]
    [InlineData("[1 2]", "expected ',' or ']' after an array item", 1, 4)]
    [InlineData("{\"a\": 1", "unexpected end of file, expected ',' or '}'", 1, 8)]
    [InlineData("[01]", "numbers cannot have leading zeros", 1, 2)]
    [InlineData("[1.5]", "only whole numbers are allowed", 1, 3)]
    [InlineData("[1e3]", "only whole numbers are allowed", 1, 3)]
    [InlineData("[-]", "expected a digit after '-'", 1, 3)]
    [InlineData("[99999999999999999999]", "number out of range", 1, 2)]
    [InlineData("[\"abc", "unterminated string", 1, 2)]
    [InlineData("[\"a\\x\"]", "unknown escape \\x", 1, 4)]
    [InlineData("[\"\\u12G4\"]", "\\u must be followed by four hexadecimal digits", 1, 3)]
    [InlineData("[\"a\tb\"]", "control character in a string; write it as an escape such as \\n", 1, 4)]
    [InlineData("{\"a\": 1,\n \"a\": 2}", "duplicate property \"a\"", 2, 2)]
    [InlineData("[nul]", "unexpected 'n', expected a value", 1, 2)]
    [InlineData("[True]", "unexpected 'T', expected a value", 1, 2)]
    [InlineData("{} {}", "unexpected '{' after the end of the document", 1, 4)]
    public void Rejects_what_is_not_strict_json_with_line_and_column(string json, string reason, int line, int column)
    {
        var exception = Assert.Throws<ManifestFormatException>(() => ManifestJson.Parse(json));

        Assert.Equal(reason, exception.Reason);
        Assert.Equal((line, column), (exception.Line, exception.Column));
        Assert.EndsWith($" at line {line}, column {column}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_nesting_deeper_than_the_limit()
    {
        var exception = Assert.Throws<ManifestFormatException>(() => ManifestJson.Parse(new string('[', 100) + new string(']', 100)));

        Assert.StartsWith("values are nested more than 64 deep", exception.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "the document must be an object", 1, 1)]
    [InlineData("{\n  \"contracts\": []\n}", "the document has no \"version\"", 1, 1)]
    [InlineData("{\n  \"version\": 2,\n  \"contracts\": []\n}", "format version 2 is not supported (this Junction reads version 1)", 2, 14)]
    [InlineData("{\n  \"version\": \"1\",\n  \"contracts\": []\n}", "\"version\" must be a whole number", 2, 14)]
    [InlineData("{\n  \"version\": 1\n}", "the document has no \"contracts\"", 1, 1)]
    [InlineData("{\n  \"version\": 1,\n  \"contracts\": {}\n}", "\"contracts\" must be an array", 3, 16)]
    [InlineData("{\n  \"version\": 1,\n  \"contracts\": [],\n  \"extra\": 0\n}", "unknown property \"extra\" in the document", 4, 3)]
    [InlineData("{ \"version\": 1, \"contracts\": [\n  { \"interface\": \"A\", \"group\": \"\", \"version\": \"1\", \"methods\": [], \"messages\": [], \"owner\": \"me\" }\n] }", "unknown property \"owner\" in a contract", 2, 83)]
    [InlineData("{ \"version\": 1, \"contracts\": [\n  { \"interface\": \"A\", \"group\": \"\", \"version\": \"1\", \"methods\": [] }\n] }", "a contract has no \"messages\"", 2, 3)]
    [InlineData("{ \"version\": 1, \"contracts\": [\n  { \"interface\": \"A\", \"group\": \"\", \"version\": \"1\", \"methods\": [{ \"name\": \"M\", \"request\": \"R\" }], \"messages\": [] }\n] }", "a method has no \"response\"", 2, 64)]
    [InlineData("{ \"version\": 1, \"contracts\": [\n  { \"interface\": \"A\", \"group\": \"\", \"version\": \"1\", \"methods\": [], \"messages\": [] },\n  { \"interface\": \"A\", \"group\": \"\", \"version\": \"2\", \"methods\": [], \"messages\": [] }\n] }", "contract 'A' with group '' appears twice", 3, 3)]
    [InlineData("{ \"version\": 1, \"contracts\": [\n  { \"interface\": \"A\", \"group\": \"\", \"version\": \"1\", \"methods\": [], \"messages\": [\n    { \"name\": \"M\", \"fields\": [\n      { \"name\": \"a\", \"number\": 1, \"type\": \"int32\" },\n      { \"name\": \"b\", \"number\": 1, \"type\": \"int32\" }\n    ] }\n  ] }\n] }", "field number 1 appears twice in message 'M'", 5, 7)]
    [InlineData("{ \"version\": 1, \"contracts\": [\n  { \"interface\": \"A\", \"group\": \"\", \"version\": \"1\", \"methods\": [], \"messages\": [\n    { \"name\": \"M\", \"fields\": [\n      { \"name\": \"a\", \"number\": 0, \"type\": \"int32\" }\n    ] }\n  ] }\n] }", "field number 0 is not a valid field number", 4, 32)]
    public void Rejects_what_is_not_a_manifest_with_line_and_column(string json, string reason, int line, int column)
    {
        var exception = Assert.Throws<ManifestFormatException>(() => ContractManifest.Parse(json));

        Assert.Equal(reason, exception.Reason);
        Assert.Equal((line, column), (exception.Line, exception.Column));
    }

    [Fact]
    public void Reads_an_empty_manifest()
    {
        var manifest = ContractManifest.Parse("{ \"version\": 1, \"contracts\": [] }");

        Assert.Empty(manifest.Contracts);
        Assert.Equal("{\n  \"version\": 1,\n  \"contracts\": []\n}\n", manifest.ToJson());
    }
}
