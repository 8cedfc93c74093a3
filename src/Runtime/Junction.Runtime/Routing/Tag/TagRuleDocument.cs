using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Junction.Routing.Tag;

/// <summary>
/// A dynamic tag rule, the YAML document Dubbo stores under <c>{provider application}.tag-router</c>:
/// <code>
/// configVersion: v3.0   # v3.0 and later honour 'match'; earlier rules only 'addresses'
/// force: false          # true: a tag whose providers are all gone leaves the call with none
/// enabled: true
/// runtime: true
/// priority: 1
/// key: demo-provider
/// tags:
///   - name: gray
///     addresses: ["30.5.120.37:20880", "10.0.1.0/24"]
///   - name: beta
///     match: [{key: env, value: {exact: beta}}]
/// </code>
/// Read through YamlDotNet's representation model (no reflection), so it works trimmed and AOT-compiled.
/// </summary>
/// <remarks>
/// Dubbo parses the document leniently and leaves mistakes to show up as routing that silently does not happen (a rule
/// without tags is skipped, a bad address is logged on every call). Here every mistake is a
/// <see cref="RoutingRuleException"/> naming the rule key and the line, and routing keeps the rule it had. Also
/// rejected, though Dubbo accepts them: two tags with one name (Dubbo lets the later win), a match value naming several
/// kinds, and a <c>force</c>/<c>enabled</c>/<c>runtime</c> that is not true or false (Dubbo reads those as false).
/// <c>match</c> is honoured from configVersion v3.0 on; Dubbo checks <c>startsWith("v3.0")</c>, so a v3.1 tag rule
/// ignores its matches there.
/// </remarks>
internal sealed class TagRuleDocument
{
    private TagRuleDocument(string key)
    {
        Key = key;
    }

    /// <summary>The key the rule was stored under, e.g. <c>demo-provider.tag-router</c>.</summary>
    public string Key { get; }

    /// <summary><c>configVersion</c>, when given.</summary>
    public string? ConfigVersion { get; init; }

    /// <summary>Whether <c>match</c> entries are honoured (configVersion v3.0 or later).</summary>
    public bool HonoursMatch { get; init; }

    /// <summary>
    /// Rule-level force: when a requested tag's providers are all gone the call gets none, instead of trying the
    /// providers with that static tag or the untagged ones. Default false.
    /// </summary>
    public bool Force { get; init; }

    /// <summary>A disabled rule routes by static tags only. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Parsed for compatibility; Dubbo 3.x routes every call either way.</summary>
    public bool Runtime { get; init; } = true;

    /// <summary>Parsed for compatibility; the tag router's place in the chain does not depend on it.</summary>
    public int Priority { get; init; }

    /// <summary>The document's own <c>key</c> field: the provider application the rule is for.</summary>
    public string? Application { get; init; }

    /// <summary>The tags, in document order.</summary>
    public IReadOnlyList<TagDefinition> Tags { get; init; } = [];

    /// <summary>Things that are legal but probably not meant (e.g. <c>match</c> before v3.0); worth logging.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Parses the document stored under <paramref name="key"/>.</summary>
    /// <exception cref="RoutingRuleException">The document cannot be used; the message says why and where.</exception>
    public static TagRuleDocument Parse(string key, string yaml)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(yaml);
        var root = Load(key, yaml);
        if (root is not YamlMappingNode document)
        {
            throw new RoutingRuleException(key, $"the document must be a mapping with 'tags' (and optionally configVersion, force, enabled, runtime, priority, key), not {Describe(root)} at line {root.Start.Line}");
        }

        var reader = new Reader(key);
        var fields = reader.Fields(document);
        var version = reader.Text(fields, "configVersion");
        var honoursMatch = IsV3OrLater(version);
        var warnings = new List<string>();
        return new TagRuleDocument(key)
        {
            ConfigVersion = version,
            HonoursMatch = honoursMatch,
            Force = reader.Boolean(fields, "force", false),
            Enabled = reader.Boolean(fields, "enabled", true),
            Runtime = reader.Boolean(fields, "runtime", true),
            Priority = reader.Integer(fields, "priority"),
            Application = reader.Text(fields, "key"),
            Tags = ReadTags(reader, fields.GetValueOrDefault("tags"), honoursMatch, warnings),
            Warnings = warnings,
        };
    }

    /// <inheritdoc />
    public override string ToString() => Key;

    private static YamlNode Load(string key, string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new RoutingRuleException(key, $"it is not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.InnerException?.Message ?? WithoutPosition(e.Message)}", e);
        }

        return stream.Documents.Count switch
        {
            0 => throw new RoutingRuleException(key, "the document is empty; a tag rule needs at least 'tags'"),
            1 => stream.Documents[0].RootNode,
            var n => throw new RoutingRuleException(key, $"the text holds {n} YAML documents; a tag rule is one document"),
        };
    }

    /// <summary>YamlDotNet prefixes its messages with the span, e.g. <c>(Line: 1, Col: 1, Idx: 0) - (…): </c>.</summary>
    private static string WithoutPosition(string message)
    {
        var end = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && end >= 0 ? message[(end + 3)..] : message;
    }

    private static List<TagDefinition> ReadTags(Reader reader, YamlNode? node, bool honoursMatch, List<string> warnings)
    {
        if (node is null || reader.IsNull(node))
        {
            throw reader.Fail("it has no 'tags'; a tag rule needs at least one tag under 'tags'");
        }

        if (node is not YamlSequenceNode list)
        {
            throw reader.Fail($"'tags' at line {node.Start.Line} must be a list of tags (- name: …), not {Describe(node)}");
        }

        if (list.Children.Count == 0)
        {
            throw reader.Fail($"'tags' at line {node.Start.Line} is empty; a tag rule needs at least one tag");
        }

        var tags = new List<TagDefinition>(list.Children.Count);
        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in list.Children)
        {
            var tag = ReadTag(reader, entry, tags.Count + 1, honoursMatch, warnings);
            if (!lines.TryAdd(tag.Name, entry.Start.Line))
            {
                throw reader.Fail($"tag '{tag.Name}' is defined twice (lines {lines[tag.Name]} and {entry.Start.Line}); give each tag one entry");
            }

            tags.Add(tag);
        }

        return tags;
    }

    private static TagDefinition ReadTag(Reader reader, YamlNode node, int number, bool honoursMatch, List<string> warnings)
    {
        if (node is not YamlMappingNode tag)
        {
            throw reader.Fail($"tag {number} at line {node.Start.Line} must be a mapping with 'name' and 'addresses' or 'match', not {Describe(node)}");
        }

        var fields = reader.Fields(tag);
        var name = reader.Text(fields, "name");
        var addresses = fields.TryGetValue("addresses", out var list) ? ReadAddresses(reader, list) : [];
        var hasMatch = fields.TryGetValue("match", out var entries);
        var match = hasMatch ? ReadMatch(reader, entries!) : [];
        if (string.IsNullOrEmpty(name))
        {
            throw reader.Fail($"tag {number} at line {node.Start.Line} has no name; give it 'name: …'");
        }

        if (hasMatch && !honoursMatch)
        {
            warnings.Add($"tag '{name}' has 'match', which needs configVersion v3.0 or later; it is ignored");
            match = [];
        }
        else if (hasMatch && addresses.Length > 0)
        {
            warnings.Add($"tag '{name}' has both 'addresses' and 'match'; the addresses are used and the match is ignored");
            match = [];
        }

        if (addresses.Length == 0 && match.Length == 0)
        {
            warnings.Add($"tag '{name}' has neither addresses nor a match; it selects no provider");
        }

        return new TagDefinition(name, addresses, match);
    }

    private static AddressExpression[] ReadAddresses(Reader reader, YamlNode node)
    {
        var items = reader.List(node, "addresses", "[\"10.0.0.1:20880\"]");
        var addresses = new AddressExpression[items.Count];
        for (var i = 0; i < addresses.Length; i++)
        {
            var item = items[i];
            var text = reader.Text(item, "address") ?? throw reader.Fail($"an address at line {item.Start.Line} is empty");
            if (!AddressExpression.TryParse(text, out addresses[i], out var error))
            {
                throw reader.Fail($"{error} (line {item.Start.Line})");
            }
        }

        return addresses;
    }

    private static TagParamMatch[] ReadMatch(Reader reader, YamlNode node)
    {
        var items = reader.List(node, "match", "[{key: env, value: {exact: gray}}]");
        var entries = new TagParamMatch[items.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = ReadParamMatch(reader, items[i]);
        }

        return entries;
    }

    private static TagParamMatch ReadParamMatch(Reader reader, YamlNode node)
    {
        var line = node.Start.Line;
        if (node is not YamlMappingNode entry)
        {
            throw reader.Fail($"a match entry at line {line} must be a mapping {{key: …, value: {{exact: …}}}}, not {Describe(node)}");
        }

        var fields = reader.Fields(entry);
        var key = reader.Text(fields, "key");
        fields.TryGetValue("value", out var value);
        if (string.IsNullOrEmpty(key))
        {
            throw reader.Fail($"a match entry at line {line} has no 'key'; name the provider parameter to compare");
        }

        if (value is not YamlMappingNode kinds || kinds.Children.Count != 1)
        {
            throw reader.Fail($"the match on '{key}' at line {line} needs a 'value' with exactly one of {string.Join(", ", TagStringMatch.Kinds)}, e.g. value: {{exact: gray}}");
        }

        var (kindNode, textNode) = kinds.Children.First();
        var kind = reader.Name(kindNode);
        if (!TagStringMatch.TryCreate(kind, reader.Text(textNode, kind) ?? "", out var match, out var error))
        {
            throw reader.Fail($"the match on '{key}' at line {line}: {error}");
        }

        return new TagParamMatch(key, match);
    }

    /// <summary><c>v3.0</c>, <c>v3.1</c>, <c>3.0</c>, <c>v4</c> ⇒ true; absent, <c>v2.7</c> or unreadable ⇒ false.</summary>
    private static bool IsV3OrLater(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return false;
        }

        var text = version.AsSpan().Trim().TrimStart("vV");
        var dot = text.IndexOf('.');
        return int.TryParse(dot < 0 ? text : text[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var major) && major >= 3;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode scalar => $"the value '{scalar.Value}'",
        YamlSequenceNode => "a list",
        _ => "a mapping",
    };

    /// <summary>Reads scalars, failing with the rule key and the line.</summary>
    private readonly struct Reader(string key)
    {
        public RoutingRuleException Fail(string reason) => new(key, reason);

        public string Name(YamlNode node)
            => node is YamlScalarNode { Value: { } name } ? name : throw Fail($"a field name at line {node.Start.Line} must be plain text");

        public bool IsNull(YamlNode node)
            => node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

        /// <summary>A mapping's fields by name; Dubbo ignores names it does not know, and so do we.</summary>
        public Dictionary<string, YamlNode> Fields(YamlMappingNode mapping)
        {
            var fields = new Dictionary<string, YamlNode>(mapping.Children.Count, StringComparer.Ordinal);
            foreach (var (name, value) in mapping.Children)
            {
                fields[Name(name)] = value;
            }

            return fields;
        }

        public string? Text(Dictionary<string, YamlNode> fields, string field)
            => fields.TryGetValue(field, out var node) ? Text(node, field) : null;

        public bool Boolean(Dictionary<string, YamlNode> fields, string field, bool absent)
            => fields.TryGetValue(field, out var node) && !IsNull(node) ? Boolean(node, field) : absent;

        public int Integer(Dictionary<string, YamlNode> fields, string field)
            => fields.TryGetValue(field, out var node) && !IsNull(node) ? Integer(node, field) : 0;

        /// <summary>The items of a list field; none for a YAML null.</summary>
        public IList<YamlNode> List(YamlNode node, string field, string example)
        {
            if (IsNull(node))
            {
                return [];
            }

            return node is YamlSequenceNode list
                ? list.Children
                : throw Fail($"'{field}' at line {node.Start.Line} must be a list such as {example}, not {Describe(node)}");
        }

        /// <summary>The scalar's text, or null for a YAML null.</summary>
        public string? Text(YamlNode node, string field)
        {
            if (node is not YamlScalarNode scalar)
            {
                throw Fail($"'{field}' at line {node.Start.Line} must be a single value, not {Describe(node)}");
            }

            return IsNull(scalar) ? null : scalar.Value;
        }

        public bool Boolean(YamlNode node, string field)
        {
            var text = Text(node, field);
            return string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) ? true
                : string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) ? false
                : throw Fail($"'{field}' at line {node.Start.Line} must be true or false, not '{text}'");
        }

        public int Integer(YamlNode node, string field)
        {
            var text = Text(node, field);
            return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Fail($"'{field}' at line {node.Start.Line} must be a whole number, not '{text}'");
        }
    }
}
