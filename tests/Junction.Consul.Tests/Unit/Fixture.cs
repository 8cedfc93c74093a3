using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Junction.Consul.Tests.Unit;

/// <summary>Reads Consul's documented JSON samples through Junction's own source-generated decoders.</summary>
internal static class Fixture
{
    public static T Decode<T>(string file, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", file)), type)
        ?? throw new InvalidOperationException(file + " decoded to null");
}
