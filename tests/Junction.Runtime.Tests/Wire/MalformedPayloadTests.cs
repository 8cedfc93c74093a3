using Junction.Runtime.Tests.Serialization;
using Junction.Serialization;
using static Junction.Runtime.Tests.Wire.EverythingSamples;

namespace Junction.Runtime.Tests.Wire;

/// <summary>
/// A generated deserializer given damaged bytes fails with <see cref="RpcException"/> (Internal, or InvalidArgument when
/// a message rejects decoded values) and nothing else: no IndexOutOfRange, no OutOfMemory, no stack overflow, no hang.
/// </summary>
public class MalformedPayloadTests
{
    /// <summary>Generous: the whole loop takes well under a second; this only turns a hang into a failure.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private const string Field43Child = "DA02";   // tag of Everything.child: field 43, length-delimited
    private const string Field30Line = "F201";    // tag of Everything.line: field 30, length-delimited
    private const string Field13Text = "6A";      // tag of Everything.text: field 13, length-delimited

    [Fact]
    public async Task Every_truncation_either_ends_on_a_field_boundary_and_decodes_or_fails_with_Internal()
    {
        byte[] payload = Serializer.Serialize(Edge(listSize: 3));
        var boundaries = TopLevelFieldBoundaries(payload);

        await Task.Run(() =>
        {
            for (var length = 0; length < payload.Length; length++)
            {
                var prefix = payload.AsSpan(0, length);
                if (boundaries.Contains(length))
                {
                    // A prefix that ends between two fields is a valid, shorter message.
                    Serializer.Deserialize(prefix);
                    continue;
                }

                var error = DecodeFailure(prefix.ToArray());
                Assert.True(error is RpcException { StatusCode: RpcStatusCode.Internal }, $"Truncated to {length} of {payload.Length} bytes: {Describe(error)}");
                Assert.Contains(typeof(Everything).FullName!, error!.Message, StringComparison.Ordinal);
            }
        }).WaitAsync(HangGuard);

        Assert.True(boundaries.Count > 40, "the sample should have many top-level fields");
    }

    [Fact]
    public async Task Seeded_random_mutations_decode_or_fail_with_an_RpcException_and_nothing_else()
    {
        byte[] payload = Serializer.Serialize(Edge(listSize: 3));
        var outcomes = new Dictionary<string, int>();
        var unexpected = new List<string>();

        await Task.Run(() =>
        {
            foreach (var seed in new[] { 1, 2, 3 })
            {
                var random = new Random(seed);
                for (var i = 0; i < 1_500; i++)
                {
                    byte[] mutated = PayloadMutator.Mutate(payload, random);
                    var error = DecodeFailure(mutated);
                    var outcome = error switch
                    {
                        null => "decoded",
                        RpcException { StatusCode: RpcStatusCode.Internal or RpcStatusCode.InvalidArgument } rpc => rpc.StatusCode.ToString(),
                        _ => "unexpected",
                    };
                    outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                    if (outcome == "unexpected" && unexpected.Count < 5)
                    {
                        unexpected.Add($"seed {seed}, mutation {i}: {Describe(error)}\n  payload {Convert.ToHexString(mutated)}");
                    }
                }
            }
        }).WaitAsync(HangGuard);

        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));

        // Both paths were exercised, so the test is not vacuous.
        Assert.True(outcomes.GetValueOrDefault("Internal") > 500, $"outcomes: {string.Join(", ", outcomes)}");
        Assert.True(outcomes.GetValueOrDefault("decoded") > 50, $"outcomes: {string.Join(", ", outcomes)}");
    }

    [Fact]
    public void A_nested_length_that_overruns_its_parent_fails_even_when_the_outer_message_has_the_bytes()
    {
        // child { line: length 10, but the child has only 3 bytes left }, then 12 more bytes of the outer message that
        // a reader ignoring the child's bounds would happily consume as the line.
        string child = Field30Line + "0A" + "616263";
        byte[] payload = Convert.FromHexString(Field43Child + Length(child) + child + Field13Text + "0A" + "30313233343536373839");

        var error = DecodeFailure(payload);

        Assert.True(error is RpcException { StatusCode: RpcStatusCode.Internal }, Describe(error));
        Assert.Contains("length", error!.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(Field13Text + "64" + "616263", "a string longer than the message")]
    [InlineData(Field13Text + "FFFFFFFFFFFFFFFFFF01", "a negative length")]
    [InlineData(Field13Text + "8080808010", "a length of 4 GiB")]
    [InlineData(Field43Child + "04" + Field43Child + "05" + "DA", "nested children that each claim more than their parent holds")]
    [InlineData("FFFFFFFFFFFFFFFFFFFF01", "a varint tag longer than 10 bytes")]
    [InlineData("00", "field number 0")]
    [InlineData("0F", "wire type 7")]
    [InlineData("A301" + "0801", "an unterminated group")]
    [InlineData("A401", "an end-group tag with no start")]
    [InlineData("9201" + "05" + "312E32", "a truncated decimal string")]
    [InlineData("9201" + "03" + "616263", "a decimal that is not a number")]
    [InlineData("9A01" + "03" + "616263", "a Guid that is not a Guid")]
    [InlineData(Field13Text + "02" + "C328", "invalid UTF-8")]
    [InlineData("A201" + "0A" + "08FFFFFFFFFFFFFFFF7F", "a Timestamp past year 9999")]
    [InlineData("B201" + "04" + "0801" + "10FF", "a Duration whose nanos are cut off")]
    public void Specific_damage_fails_with_Internal(string hex, string what)
    {
        var error = DecodeFailure(Convert.FromHexString(hex));

        Assert.True(error is RpcException { StatusCode: RpcStatusCode.Internal }, $"{what}: {Describe(error)}");
    }

    [Fact]
    public void Children_nested_200_levels_deep_fail_with_Internal_instead_of_exhausting_the_stack()
    {
        var error = DecodeFailure(NestedChildren(200));

        Assert.True(error is RpcException { StatusCode: RpcStatusCode.Internal }, Describe(error));
        Assert.Contains("nested", error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Children_nested_within_the_limit_decode()
    {
        var decoded = Serializer.Deserialize(NestedChildren(60));

        var depth = 0;
        for (var node = decoded.Child; node is not null; node = node.Child)
        {
            depth++;
        }

        Assert.Equal(60, depth);
    }

    /// <summary>Offsets at which a top-level field ends (and 0), found by walking the tags.</summary>
    private static HashSet<int> TopLevelFieldBoundaries(byte[] payload)
    {
        var boundaries = new HashSet<int> { 0 };
        var reader = new ProtoReader(payload);
        while (reader.TryReadTag(out var tag))
        {
            reader.SkipField(tag);
            boundaries.Add(reader.Position);
        }

        return boundaries;
    }

    /// <summary>An Everything whose child has a child … <paramref name="depth"/> levels deep, written by hand.</summary>
    private static byte[] NestedChildren(int depth)
    {
        byte[] body = [];
        for (var i = 0; i < depth; i++)
        {
            body = [.. Convert.FromHexString(Field43Child), .. Varint((ulong)body.Length), .. body];
        }

        return body;
    }

    private static string Length(string hexBody) => Convert.ToHexString(Varint((ulong)(hexBody.Length / 2)));

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    private static Exception? DecodeFailure(byte[] payload)
    {
        try
        {
            Serializer.Deserialize(payload);
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static string Describe(Exception? error) => error switch
    {
        null => "decoded without error",
        RpcException rpc => $"RpcException {rpc.StatusCode}: {rpc.Message}",
        _ => error.ToString(),
    };
}
