using System.CommandLine;
using Junction.Cli.Contracts;
using Junction.Cli.Route;

namespace Junction.Cli;

/// <summary>The <c>junction</c> command tree.</summary>
internal static class JunctionCommand
{
    public static RootCommand Create()
    {
        var contracts = new Command("contracts", "Work with the wire shape of Junction contracts.")
        {
            LockCommand.Create(),
        };
        return new RootCommand("Junction: typed RPC for .NET in the spirit of Apache Dubbo.")
        {
            contracts,
            RouteCommand.Create(),
        };
    }
}
