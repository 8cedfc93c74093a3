using System.Text.RegularExpressions;
using Junction.Consul.Tests.Double.Wire;

namespace Junction.Consul.Tests.Double;

/// <summary>
/// The simple part of Consul's <c>?filter=</c> (go-bexpr) for health rows: clauses joined by <c>and</c>, each one of
/// <c>Sel == "v"</c>, <c>Sel != "v"</c>, <c>"v" in Sel</c>, <c>"v" not in Sel</c>, <c>Sel contains "v"</c>, over
/// <c>Service.ID|Service|Address|Tags|Meta.&lt;key&gt;</c> and <c>Node.Node|Address|Datacenter</c>. Anything else is
/// answered like a filter Consul cannot parse (500 <c>Failed to create boolean expression evaluator: …</c>), so a test
/// notices that the double does not understand it rather than getting unfiltered rows.
/// </summary>
internal sealed partial class ServiceFilter
{
    private readonly List<Func<HealthEntryJson, bool>> _clauses = [];

    public static ServiceFilter Parse(string expression)
    {
        var filter = new ServiceFilter();
        if (string.IsNullOrWhiteSpace(expression))
        {
            return filter;
        }

        foreach (var clause in expression.Split(" and ", StringSplitOptions.TrimEntries))
        {
            filter._clauses.Add(ParseClause(clause) ?? throw new ConsulHttpError(500, $"Failed to create boolean expression evaluator: the test double does not understand \"{clause}\""));
        }

        return filter;
    }

    public bool Matches(HealthEntryJson row) => _clauses.TrueForAll(c => c(row));

    private static Func<HealthEntryJson, bool>? ParseClause(string clause)
    {
        if (Comparison().Match(clause) is { Success: true } comparison)
        {
            var selector = Selector(comparison.Groups["sel"].Value);
            var value = comparison.Groups["value"].Value;
            var equal = comparison.Groups["op"].Value == "==";
            return selector is null ? null : row => (selector(row) is [var single] && single == value) == equal;
        }

        if (Membership().Match(clause) is { Success: true } membership)
        {
            var selector = Selector(membership.Groups["sel"].Value);
            var value = membership.Groups["value"].Value;
            var negate = membership.Groups["not"].Success;
            return selector is null ? null : row => selector(row).Contains(value) != negate;
        }

        if (Contains().Match(clause) is { Success: true } contains)
        {
            var selector = Selector(contains.Groups["sel"].Value);
            var value = contains.Groups["value"].Value;
            return selector is null ? null : row => selector(row).Contains(value);
        }

        return null;
    }

    private static Func<HealthEntryJson, IReadOnlyList<string>>? Selector(string selector) => selector switch
    {
        "Service.ID" => row => [row.Service.ID],
        "Service.Service" => row => [row.Service.Service],
        "Service.Address" => row => [row.Service.Address],
        "Service.Tags" => row => row.Service.Tags,
        "Node.Node" => row => [row.Node.Node],
        "Node.Address" => row => [row.Node.Address],
        "Node.Datacenter" => row => [row.Node.Datacenter],
        _ when selector.StartsWith("Service.Meta.", StringComparison.Ordinal) =>
            row => row.Service.Meta.TryGetValue(selector["Service.Meta.".Length..], out var v) ? [v] : [],
        _ => null,
    };

    [GeneratedRegex("""^(?<sel>[A-Za-z][\w.-]*)\s*(?<op>==|!=)\s*"(?<value>[^"]*)"$""")]
    private static partial Regex Comparison();

    [GeneratedRegex("""^"(?<value>[^"]*)"\s+(?<not>not\s+)?in\s+(?<sel>[A-Za-z][\w.-]*)$""")]
    private static partial Regex Membership();

    [GeneratedRegex("""^(?<sel>[A-Za-z][\w.-]*)\s+contains\s+"(?<value>[^"]*)"$""")]
    private static partial Regex Contains();
}
