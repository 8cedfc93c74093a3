using System.CommandLine;
using Junction.Bench.Targets;

namespace Junction.Bench;

/// <summary>
/// The hidden <c>serve</c> mode: runs one provider, prints its port on a line of its own, and serves until its
/// standard input closes (the consumer closes it, or dies).
/// </summary>
internal static class ServeCommand
{
    public const string Name = "serve";
    public const string ServerOptionName = "--server";
    public const string NumberOptionName = "--number";

    public static Command Create()
    {
        var server = new Option<ProviderKind>(ServerOptionName) { Description = "The provider to run: bare or junction.", Required = true };
        var number = new Option<int>(NumberOptionName) { Description = "Which provider of the run this is, counted from 0 (stamped on responses)." };
        var command = new Command(Name, "Run a provider for a consumer in another process (used by --processes separate).")
        {
            server,
            number,
        };
        command.Hidden = true;
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(server), parse.GetValue(number), parse.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ProviderKind kind, int number, TextWriter output, CancellationToken cancellationToken)
    {
        await using var provider = await Provider.StartAsync(kind, separateProcess: false, number).ConfigureAwait(false);
        await output.WriteLineAsync(provider.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        while (await Console.In.ReadLineAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
        }

        return 0;
    }
}
