using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Junction.Runtime.Tests.Serialization;

/// <summary>
/// Damaged copies of a valid message either decode or fail with <see cref="RpcException"/>(Internal); any other
/// exception means a check is missing somewhere in ProtoReader.
/// </summary>
public class FuzzTests
{
    private const int Mutations = 5_000;

    [Fact]
    public void The_sample_message_decodes_to_what_was_written()
    {
        byte[] payload = SampleMessage.Create().ToBytes();

        string decoded = SampleMessage.Describe(payload);

        Assert.Equal(
            "name=héllo 世界 🎉;id=-42;"
            + "child={name=child;id=7;child={flags=3;active=False;skipped 20;skipped 21;skipped 22;skipped 23;skipped 24;};deltas=1,-1,9223372036854775807,;skipped 20;skipped 21;skipped 22;skipped 23;skipped 24;};"
            + "deltas=0,-300,300,-9223372036854775808,;created=1969-07-20T20:17:40.1230000Z;elapsed=-15000001;price=12.50;"
            + "key=0f8fad5b-d9cb-469f-a165-70867728950e;blob=000102FF;ratio=-9223372036854775808;flags=3735928559;"
            + "count[a]=1;count[b]=0;seen=2024-02-29T06:30:00.0000000+00:00;active=True;score=-4194304;"
            + "tag=x;tag=;tag=z;skipped 20;skipped 21;skipped 22;skipped 23;skipped 24;",
            decoded);
    }

    [Fact]
    public void Google_protobuf_accepts_the_sample_message_structure()
    {
        // Empty keeps every field as unknown and writes them back unchanged, so a structural mistake (a wrong length,
        // an unbalanced group) would fail the parse or change the bytes.
        byte[] payload = SampleMessage.Create().ToBytes();
        Assert.Equal(Convert.ToHexString(payload), Convert.ToHexString(Empty.Parser.ParseFrom(payload).ToByteArray()));
    }

    [Fact]
    public void Every_truncation_decodes_or_throws_internal()
    {
        byte[] payload = SampleMessage.Create().ToBytes();
        int failures = 0;
        for (int length = 0; length < payload.Length; length++)
        {
            if (!TryDecode(payload.AsSpan(0, length).ToArray()))
            {
                failures++;
            }
        }

        // Most cuts land inside a value; a decoder that silently accepted them would be wrong.
        Assert.True(failures > payload.Length / 2, $"only {failures} of {payload.Length} truncations were rejected");
    }

    [Fact]
    public void Random_mutations_decode_or_throw_internal()
    {
        byte[] payload = SampleMessage.Create().ToBytes();
        var random = new Random(20_240_229);
        int failures = 0;
        for (int i = 0; i < Mutations; i++)
        {
            if (!TryDecode(PayloadMutator.Mutate(payload, random)))
            {
                failures++;
            }
        }

        Assert.InRange(failures, Mutations / 10, Mutations - (Mutations / 10));
    }

    /// <summary>True when the payload decoded, false when it was rejected the expected way; anything else fails the test.</summary>
    private static bool TryDecode(byte[] payload)
    {
        try
        {
            SampleMessage.Describe(payload);
            return true;
        }
        catch (RpcException exception) when (exception.StatusCode == RpcStatusCode.Internal)
        {
            return false;
        }
        catch (Exception exception)
        {
            Assert.Fail($"{exception.GetType().Name} for payload {Convert.ToHexString(payload)}: {exception}");
            return false;
        }
    }
}
