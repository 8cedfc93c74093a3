using System.Text.Json;
using System.Text.Json.Nodes;

namespace Junction.Consul.Tests.Double.Wire;

/// <summary>
/// Decodes request bodies as Consul does: field names case-insensitive, snake_case accepted (Consul's
/// <c>lib.TranslateKeys</c>), user-owned maps (<c>Meta</c>, <c>TaggedAddresses</c>, <c>Header</c>) left as written.
/// A body that does not decode is a 400 <c>Request decode failed: …</c>.
/// </summary>
internal static class RequestJson
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    private static readonly HashSet<string> UserMaps = new(StringComparer.OrdinalIgnoreCase) { "Meta", "TaggedAddresses", "Header" };

    public static async Task<T?> ReadAsync<T>(Stream body, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var node = await JsonNode.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return node is null ? null : Normalize(node).Deserialize<T>(Options);
        }
        catch (JsonException e)
        {
            throw ConsulHttpError.BadRequest($"Request decode failed: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            throw ConsulHttpError.BadRequest($"Request decode failed: {e.Message}");
        }
    }

    private static JsonNode Normalize(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var name = key.Replace("_", string.Empty, StringComparison.Ordinal);
                    var child = value is null ? null : UserMaps.Contains(name) ? value.DeepClone() : Normalize(value);
                    copy[name] = child;
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(item is null ? null : Normalize(item));
                }

                return items;
            default:
                return node.DeepClone();
        }
    }
}
