using System.Text;

namespace Junction.Consul.Http;

/// <summary>Paths of ids and KV keys in URLs.</summary>
internal static class ConsulPath
{
    /// <summary>The escaped path of a KV key or an id: every segment escaped, slashes kept.</summary>
    public static string Escape(string path)
    {
        var builder = new StringBuilder(path.Length + 8);
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('/');
            }

            builder.Append(Uri.EscapeDataString(segments[i]));
        }

        return builder.ToString();
    }
}
