using System.Globalization;
using Junction.Routing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Junction.Scripting;

/// <summary>
/// A Dubbo script-rule document (key <c>{application}.script-router</c>):
/// <c>configVersion</c>, <c>key</c>, <c>type</c>, <c>script</c>, <c>enabled</c>, <c>force</c>, <c>runtime</c>,
/// <c>priority</c>. Only <c>type: csharp</c> (the default here; Dubbo's is <c>javascript</c>) runs. <c>force</c> and
/// <c>runtime</c> are read and kept, and, as in Dubbo 3, change nothing: a script's result is always used as it is, and
/// routing runs on every call. Unknown fields are ignored, as Dubbo ignores them.
/// </summary>
internal sealed record ScriptRule(string Script, bool Enabled, bool Force, bool Runtime, int Priority)
{
    /// <summary>Reads a rule document; <paramref name="ruleKey"/> names the rule in errors.</summary>
    /// <exception cref="RoutingRuleException">The document is not YAML, not a mapping, has no script or a type other than C#.</exception>
    public static ScriptRule Parse(string ruleKey, string text)
    {
        ArgumentNullException.ThrowIfNull(ruleKey);
        ArgumentNullException.ThrowIfNull(text);
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new RoutingRuleException(ruleKey, $"the document is not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {(e.InnerException ?? e).Message}", e);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new RoutingRuleException(ruleKey, "the document must be a YAML mapping with at least 'script' (configVersion, key, type, script, enabled, force, runtime, priority)");
        }

        string? script = null;
        var enabled = true;
        var force = false;
        var runtime = true;
        var priority = 0;
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var field = (keyNode as YamlScalarNode)?.Value;
            switch (field)
            {
                case "type":
                    RequireCSharp(ruleKey, Scalar(ruleKey, field, valueNode));
                    break;
                case "script":
                    script = Scalar(ruleKey, field, valueNode);
                    break;
                case "enabled":
                    enabled = Boolean(ruleKey, field, valueNode);
                    break;
                case "force":
                    force = Boolean(ruleKey, field, valueNode);
                    break;
                case "runtime":
                    runtime = Boolean(ruleKey, field, valueNode);
                    break;
                case "priority":
                    var value = Scalar(ruleKey, field, valueNode);
                    if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out priority))
                    {
                        throw new RoutingRuleException(ruleKey, $"'priority' must be a whole number, not '{value}' (line {valueNode.Start.Line})");
                    }

                    break;
            }
        }

        if (string.IsNullOrWhiteSpace(script))
        {
            throw new RoutingRuleException(ruleKey, "the rule has no 'script': give the C# that returns the chosen providers, e.g. script: Providers.Where(p => p.Metadata[\"region\"] == \"east\")");
        }

        return new ScriptRule(script, enabled, force, runtime, priority);
    }

    private static void RequireCSharp(string ruleKey, string type)
    {
        if (!type.Equals("csharp", StringComparison.OrdinalIgnoreCase) && !type.Equals("c#", StringComparison.OrdinalIgnoreCase))
        {
            throw new RoutingRuleException(ruleKey, $"script type '{type}' is not supported: Junction runs script rules written in C# only (type: csharp)");
        }
    }

    private static string Scalar(string ruleKey, string field, YamlNode node)
        => node is YamlScalarNode { Value: { } value }
            ? value
            : throw new RoutingRuleException(ruleKey, $"'{field}' must be a single value (line {node.Start.Line})");

    /// <summary>YAML 1.1 booleans, as SnakeYAML reads Dubbo's rules.</summary>
    private static bool Boolean(string ruleKey, string field, YamlNode node)
    {
        var value = Scalar(ruleKey, field, node);
        return value.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw new RoutingRuleException(ruleKey, $"'{field}' must be true or false, not '{value}' (line {node.Start.Line})"),
        };
    }
}
