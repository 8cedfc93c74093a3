using System.CommandLine;
using System.Globalization;
using System.Text;
using Junction.Invocation;
using Junction.Routing;

namespace Junction.Cli.Route;

/// <summary>What <c>junction route</c> was asked to do.</summary>
/// <param name="Rule">A condition rule (<c>when =&gt; then</c>), or null when <paramref name="RuleFile"/> is given.</param>
/// <param name="RuleFile">A YAML condition-rule document, or null when <paramref name="Rule"/> is given.</param>
/// <param name="Force">Whether <paramref name="Rule"/> is forced.</param>
/// <param name="Consumer">The consumer URL.</param>
/// <param name="Method">The called method, or null for none.</param>
/// <param name="Arguments">The call's arguments, as text.</param>
/// <param name="Attachments">The call's attachments, each <c>key=value</c>.</param>
/// <param name="Providers">The provider URLs, in the order given.</param>
/// <param name="Json">Print <c>{"selected":[indices]}</c> instead of the URLs.</param>
internal sealed record RouteOptions(
    string? Rule,
    string? RuleFile,
    bool Force,
    string Consumer,
    string? Method,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<string> Attachments,
    IReadOnlyList<string> Providers,
    bool Json = false);

/// <summary>
/// <c>junction route</c>: routes one call through a condition rule, with the runtime's own routers, and prints the
/// providers it may go to, so a rule can be checked before it is pushed to the config center.
/// </summary>
internal static class RouteCommand
{
    public static Command Create()
    {
        var rule = new Option<string?>("--rule") { HelpName = "when => then", Description = "A condition rule, e.g. 'method=find* => host=10.20.3.*'. Give this or --rule-file." };
        var ruleFile = new Option<FileInfo?>("--rule-file") { HelpName = "file.yaml", Description = "A YAML condition-rule document (v3.0 'conditions:' or v3.1 'from'/'to'), as stored in the config center; its own 'force' applies. Several v3.1 destinations are picked at random by weight, as a consumer picks them." };
        var force = new Option<bool>("--force") { Description = "Force --rule: when its then part matches no provider, the call gets none (otherwise the rule is ignored for the call)." };
        var consumer = new Option<string>("--consumer") { HelpName = "url", Description = "The consumer URL, e.g. 'consumer://10.0.0.7/com.foo.BarService?application=web&region=hz'.", Required = true };
        var method = new Option<string?>("--method") { HelpName = "name", Description = "The called method. Without it the method name is empty: 'method=...' conditions do not match, 'method!=...' do." };
        var argument = new Option<string[]>("--argument") { HelpName = "value", Description = "An argument of the call, as text (repeat in order: arguments[0], arguments[1], ...)." };
        var attachment = new Option<string[]>("--attachment") { HelpName = "key=value", Description = "An attachment of the call, key=value (repeatable)." };
        var provider = new Option<string[]>("--provider")
        {
            HelpName = "url",
            Description = "A provider URL, e.g. 'dubbo://10.20.3.3:20880/com.foo.BarService?application=a&region=hz' (repeatable; several may follow one --provider).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print {\"selected\":[indices]}: 0-based positions in the --provider list." };

        var command = new Command("route", "Test a routing rule: print the providers a call may go to, one URL per line, in the order given.")
        {
            rule, ruleFile, force, consumer, method, argument, attachment, provider, json,
        };
        command.Validators.Add(result =>
        {
            var hasRule = result.GetValue(rule) is not null;
            var hasFile = result.GetValue(ruleFile) is not null;
            if (hasRule == hasFile)
            {
                result.AddError(hasRule
                    ? "Give either --rule or --rule-file, not both."
                    : "Give the rule to test: --rule '<when> => <then>' or --rule-file <rule.yaml>.");
            }
            else if (hasFile && result.GetValue(force))
            {
                result.AddError("--force applies to --rule only; a rule file says 'force: true' itself.");
            }
        });
        command.SetAction(parse => Run(
            new RouteOptions(
                parse.GetValue(rule),
                parse.GetValue(ruleFile)?.FullName,
                parse.GetValue(force),
                parse.GetValue(consumer)!,
                parse.GetValue(method),
                parse.GetValue(argument) ?? [],
                parse.GetValue(attachment) ?? [],
                parse.GetValue(provider) ?? [],
                parse.GetValue(json)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Routes the call; returns the exit code (0 when routing ran, even if it selected no provider).</summary>
    public static int Run(RouteOptions options, TextWriter output, TextWriter error)
    {
        try
        {
            DubboUrl consumerUrl;
            try
            {
                consumerUrl = DubboUrl.Parse(options.Consumer);
            }
            catch (FormatException exception)
            {
                throw BadUrl("--consumer", options.Consumer, "", exception);
            }

            var consumer = consumerUrl.ToConsumer();
            var providers = new IProviderInvoker[options.Providers.Count];
            var positions = new Dictionary<IProviderInvoker, int>(providers.Length, ReferenceEqualityComparer.Instance);
            for (var i = 0; i < providers.Length; i++)
            {
                try
                {
                    providers[i] = new ProbeProvider(DubboUrl.Parse(options.Providers[i]).ToServiceInstance());
                }
                catch (FormatException exception)
                {
                    throw BadUrl("--provider", options.Providers[i], string.Create(CultureInfo.InvariantCulture, $" (index {i})"), exception);
                }

                positions.Add(providers[i], i);
            }

            var invocation = RouteProbe.Create(
                ServiceOf(consumerUrl, providers),
                consumerUrl.Parameters.GetValueOrDefault("group"),
                consumerUrl.Parameters.GetValueOrDefault("version"),
                options.Method ?? "",
                [.. options.Arguments],
                ParseAttachments(options.Attachments),
                consumer.Application);

            var rules = options.Rule is not null
                ? RouteRules.FromRule(options.Rule, options.Force, consumer)
                : RouteRules.FromFile(options.RuleFile!, consumer);
            if (rules.Note is { } note)
            {
                error.WriteLine("note: " + note);
            }

            var outcome = rules.Route(providers, invocation);

            var selected = new List<int>(outcome.Providers.Length);
            foreach (var routed in outcome.Providers)
            {
                selected.Add(positions[routed]);
            }

            selected.Sort();
            Print(selected, options, output);
            if (outcome.EmptyReason is { } reason)
            {
                error.WriteLine("note: the rule left no provider: " + reason);
            }

            return 0;
        }
        catch (RouteException exception)
        {
            error.WriteLine("error: " + exception.Message);
            return 1;
        }
    }

    private static void Print(List<int> selected, RouteOptions options, TextWriter output)
    {
        if (options.Json)
        {
            var text = new StringBuilder("{\"selected\":[");
            for (var i = 0; i < selected.Count; i++)
            {
                text.Append(i == 0 ? "" : ",").Append(selected[i].ToString(CultureInfo.InvariantCulture));
            }

            output.WriteLine(text.Append("]}").ToString());
            return;
        }

        foreach (var index in selected)
        {
            output.WriteLine(options.Providers[index]);
        }
    }

    /// <summary>The service the probe calls: the consumer URL's path, else the first provider's interface.</summary>
    private static string ServiceOf(DubboUrl consumer, IProviderInvoker[] providers)
        => consumer.Path.Length > 0 ? consumer.Path : providers[0].Instance.Metadata["interface"];

    /// <summary>Names the option (and for providers its 0-based position, as --json counts) and what is wrong.</summary>
    private static RouteException BadUrl(string option, string text, string position, FormatException exception)
        => new($"{option} '{text}'{position} is not a usable URL: {exception.Message}.");

    private static List<KeyValuePair<string, string>> ParseAttachments(IReadOnlyList<string> attachments)
    {
        var pairs = new List<KeyValuePair<string, string>>(attachments.Count);
        foreach (var attachment in attachments)
        {
            var equals = attachment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new RouteException(equals < 0
                    ? $"--attachment '{attachment}' has no '='; write it as key=value, e.g. --attachment dubbo.tag=gray."
                    : $"--attachment '{attachment}' has no key before '='; write it as key=value, e.g. --attachment dubbo.tag=gray.");
            }

            pairs.Add(new(attachment[..equals], attachment[(equals + 1)..]));
        }

        return pairs;
    }
}

/// <summary>A failure the user can act on; printed without a stack trace.</summary>
internal sealed class RouteException(string message) : Exception(message);
