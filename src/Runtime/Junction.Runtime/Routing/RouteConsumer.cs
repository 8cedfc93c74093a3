using System.Net;
using System.Net.Sockets;

namespace Junction.Routing;

/// <summary>
/// The calling side of routing (Dubbo's consumer URL): the consumer's application, host and parameters. Condition rules
/// read it in their <c>when</c> part and through <c>$key</c> references in their <c>then</c> part; the tag router reads
/// its <c>dubbo.tag</c> parameter. Immutable.
/// </summary>
public sealed class RouteConsumer
{
    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>(0);

    /// <summary>Creates the consumer of a service.</summary>
    /// <param name="application">The consumer's application name.</param>
    /// <param name="host">The consumer's host (its IP address, as Dubbo puts in the consumer URL).</param>
    /// <param name="parameters">Other parameters (<c>region</c>, <c>env</c>, <c>dubbo.tag</c>, …); may be null.</param>
    public RouteConsumer(string application, string host, IReadOnlyDictionary<string, string>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(host);
        Application = application;
        Host = host;
        Parameters = parameters ?? NoParameters;
    }

    /// <summary>The consumer's application name (condition key <c>application</c>).</summary>
    public string Application { get; }

    /// <summary>The consumer's host (condition key <c>host</c>).</summary>
    public string Host { get; }

    /// <summary>Other parameters, each a condition key of its own.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>
    /// Reads a consumer key the way Dubbo reads the consumer URL: <c>host</c>, <c>application</c>, <c>side</c>
    /// (<c>consumer</c>), <c>protocol</c> (<c>consumer</c>), then <see cref="Parameters"/>. Absent keys return false.
    /// </summary>
    public bool TryGet(string key, out string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Parameters.TryGetValue(key, out var found))
        {
            value = found;
            return true;
        }

        switch (key)
        {
            case "host":
                value = Host;
                return true;
            case "application":
                value = Application;
                return true;
            case "side":
            case "protocol":
                value = "consumer";
                return true;
            default:
                value = "";
                return false;
        }
    }

    /// <summary>This machine's first non-loopback IPv4 address, else 127.0.0.1 (what Dubbo puts in consumer URLs).</summary>
    public static string LocalHost() => LocalAddress.Value;

    private static readonly Lazy<string> LocalAddress = new(() =>
    {
        try
        {
            foreach (var network in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
            {
                if (network.OperationalStatus != System.Net.NetworkInformation.OperationalStatus.Up)
                {
                    continue;
                }

                foreach (var unicast in network.GetIPProperties().UnicastAddresses)
                {
                    if (unicast.Address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(unicast.Address))
                    {
                        return unicast.Address.ToString();
                    }
                }
            }
        }
        catch (System.Net.NetworkInformation.NetworkInformationException)
        {
            // No interface list (sandboxes): fall through to loopback.
        }

        return "127.0.0.1";
    });

    /// <inheritdoc />
    public override string ToString() => "consumer://" + Host + "?application=" + Application;
}
