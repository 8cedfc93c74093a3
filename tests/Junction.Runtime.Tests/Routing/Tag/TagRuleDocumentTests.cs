using Junction.Routing;
using Junction.Routing.Tag;
using static Junction.Runtime.Tests.Routing.Tag.TagKit;

namespace Junction.Runtime.Tests.Routing.Tag;

/// <summary>Reading Dubbo's tag rule YAML, and the message for each way a document can be unusable.</summary>
public class TagRuleDocumentTests
{
    [Fact]
    public void Reads_every_field_of_a_Dubbo_document()
    {
        var rule = TagRuleDocument.Parse(RuleKey, """
            ---
            configVersion: v3.0
            force: true
            enabled: false
            runtime: false
            priority: 7
            key: demo-provider
            tags:
              - name: gray
                addresses: ["30.5.120.37:20880", 10.0.1.0/24]
              - name: beta
                match:
                  - key: env
                    value:
                      exact: beta
            ...
            """);

        Assert.Equal(RuleKey, rule.Key);
        Assert.Equal("v3.0", rule.ConfigVersion);
        Assert.True(rule.HonoursMatch);
        Assert.True(rule.Force);
        Assert.False(rule.Enabled);
        Assert.False(rule.Runtime);
        Assert.Equal(7, rule.Priority);
        Assert.Equal("demo-provider", rule.Application);
        Assert.Equal(["gray", "beta"], rule.Tags.Select(t => t.Name));
        Assert.Equal(["30.5.120.37:20880", "10.0.1.0/24"], rule.Tags[0].Addresses.Select(a => a.Text));
        Assert.Equal("env exact: beta", Assert.Single(rule.Tags[1].Match).ToString());
        Assert.Empty(rule.Warnings);
    }

    [Fact]
    public void Defaults_follow_Dubbo_and_unknown_fields_are_ignored()
    {
        var rule = TagRuleDocument.Parse(RuleKey, """
            scope: application
            tags:
              - name: gray
                addresses: [10.0.0.1]
                weight: 3
            """);

        Assert.Equal(
            (ConfigVersion: (string?)null, HonoursMatch: false, Force: false, Enabled: true, Runtime: true, Priority: 0, Application: (string?)null),
            (rule.ConfigVersion, rule.HonoursMatch, rule.Force, rule.Enabled, rule.Runtime, rule.Priority, rule.Application));
        Assert.Equal("gray", Assert.Single(rule.Tags).Name);
    }

    [Fact]
    public void Legal_but_doubtful_tags_come_back_as_warnings()
    {
        var rule = TagRuleDocument.Parse(RuleKey, """
            configVersion: v2.7
            tags:
              - name: old
                match: [{key: env, value: {exact: gray}}]
              - name: bare
            """);

        Assert.Equal(
            [
                "tag 'old' has 'match', which needs configVersion v3.0 or later; it is ignored",
                "tag 'old' has neither addresses nor a match; it selects no provider",
                "tag 'bare' has neither addresses nor a match; it selects no provider",
            ],
            rule.Warnings);
    }

    public static TheoryData<string, string> BadDocuments() => new()
    {
        { "", "the document is empty; a tag rule needs at least 'tags'" },
        { "tags: [", "it is not valid YAML (line 2, column 1): While parsing a node, did not find expected node content." },
        { "force: true\n  tags: x", "it is not valid YAML (line 2, column 7): While scanning a plain scalar value, found invalid mapping." },
        { "tags: [{name: a}]\nforce: true\nforce: false", "it is not valid YAML (line 3, column 1): Duplicate key force" },
        { "a: 1\n---\nb: 2", "the text holds 2 YAML documents; a tag rule is one document" },
        { "- gray", "the document must be a mapping with 'tags' (and optionally configVersion, force, enabled, runtime, priority, key), not a list at line 1" },
        { "just text", "the document must be a mapping with 'tags' (and optionally configVersion, force, enabled, runtime, priority, key), not the value 'just text' at line 1" },
        { "force: true", "it has no 'tags'; a tag rule needs at least one tag under 'tags'" },
        { "tags:", "it has no 'tags'; a tag rule needs at least one tag under 'tags'" },
        { "tags: []", "'tags' at line 1 is empty; a tag rule needs at least one tag" },
        { "tags: gray", "'tags' at line 1 must be a list of tags (- name: …), not the value 'gray'" },
        { "tags:\n  - gray", "tag 1 at line 2 must be a mapping with 'name' and 'addresses' or 'match', not the value 'gray'" },
        { "tags:\n  - {name: a, addresses: [10.0.0.1]}\n  - addresses: [10.0.0.2]", "tag 2 at line 3 has no name; give it 'name: …'" },
        { "tags:\n  - {name: '', addresses: [10.0.0.2]}", "tag 1 at line 2 has no name; give it 'name: …'" },
        { "tags:\n  - {name: [a], addresses: [10.0.0.2]}", "'name' at line 2 must be a single value, not a list" },
        { "tags:\n  - {name: a}\n  - {name: a}", "tag 'a' is defined twice (lines 2 and 3); give each tag one entry" },
        { "tags:\n  - {name: a, addresses: 10.0.0.1}", "'addresses' at line 2 must be a list such as [\"10.0.0.1:20880\"], not the value '10.0.0.1'" },
        { "tags:\n  - name: a\n    addresses:\n      - 10.0.0.300", $"address '10.0.0.300' is not an IP expression: expected a.b.c.d with an optional :port, where an octet may be * or a range like 1-5; a CIDR block like 10.0.0.0/8; 0.0.0.0:port; * ; or an IPv6 address ([addr]:port for a port) (line 4)" },
        { "tags:\n  - {name: a, addresses: [~]}", "an address at line 2 is empty" },
        { "tags:\n  - {name: a, match: {key: env}}", "'match' at line 2 must be a list such as [{key: env, value: {exact: gray}}], not a mapping" },
        { "tags:\n  - {name: a, match: [env]}", "a match entry at line 2 must be a mapping {key: …, value: {exact: …}}, not the value 'env'" },
        { "tags:\n  - {name: a, match: [{value: {exact: x}}]}", "a match entry at line 2 has no 'key'; name the provider parameter to compare" },
        { "tags:\n  - {name: a, match: [{key: env}]}", "the match on 'env' at line 2 needs a 'value' with exactly one of exact, prefix, regex, wildcard, empty, noempty, e.g. value: {exact: gray}" },
        { "tags:\n  - {name: a, match: [{key: env, value: gray}]}", "the match on 'env' at line 2 needs a 'value' with exactly one of exact, prefix, regex, wildcard, empty, noempty, e.g. value: {exact: gray}" },
        { "tags:\n  - {name: a, match: [{key: env, value: {exact: a, prefix: b}}]}", "the match on 'env' at line 2 needs a 'value' with exactly one of exact, prefix, regex, wildcard, empty, noempty, e.g. value: {exact: gray}" },
        { "tags:\n  - {name: a, match: [{key: env, value: {like: a}}]}", "the match on 'env' at line 2: 'like' is not a kind of match; use one of exact, prefix, regex, wildcard, empty, noempty" },
        { "tags:\n  - {name: a, match: [{key: env, value: {regex: 'gr(ay'}}]}", "the match on 'env' at line 2: regex 'gr(ay' is not a valid regular expression: Invalid pattern 'gr(ay' at offset 5. Not enough )'s." },
        { "force: yes\ntags: [{name: a}]", "'force' at line 1 must be true or false, not 'yes'" },
        { "enabled: 1\ntags: [{name: a}]", "'enabled' at line 1 must be true or false, not '1'" },
        { "runtime: [true]\ntags: [{name: a}]", "'runtime' at line 1 must be a single value, not a list" },
        { "priority: high\ntags: [{name: a}]", "'priority' at line 1 must be a whole number, not 'high'" },
        { "configVersion: {v: 3}\ntags: [{name: a}]", "'configVersion' at line 1 must be a single value, not a mapping" },
        { "[a]: 1\ntags: [{name: a}]", "a field name at line 1 must be plain text" },
    };

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public void Every_problem_names_the_rule_and_what_is_wrong(string yaml, string reason)
    {
        var error = Assert.Throws<RoutingRuleException>(() => TagRuleDocument.Parse(RuleKey, yaml));

        Assert.Equal(RuleKey, error.RuleKey);
        Assert.Equal(reason, error.Reason);
        Assert.Equal($"Routing rule '{RuleKey}' cannot be used: {reason}", error.Message);
    }
}
