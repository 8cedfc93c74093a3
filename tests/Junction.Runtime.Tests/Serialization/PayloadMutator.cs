namespace Junction.Runtime.Tests.Serialization;

/// <summary>Seeded random damage to a valid payload, shared by the fuzz tests of the reader and of generated serializers.</summary>
internal static class PayloadMutator
{
    /// <summary>
    /// One to three edits: flip a bit, overwrite a byte, write a byte that flips varint continuation bits, wire types or
    /// lengths, insert, delete a short run, truncate, or duplicate a span elsewhere.
    /// </summary>
    public static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 4);
        for (var edit = 0; edit < edits && bytes.Count > 0; edit++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes[at] = (byte)(random.Next(4) switch { 0 => 0x00, 1 => 0x7F, 2 => 0x80, _ => 0xFF });
                    break;
                case 3:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 4:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 8), bytes.Count - at));
                    break;
                case 5:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    var count = Math.Min(random.Next(1, 16), bytes.Count - at);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, count));
                    break;
            }
        }

        return [.. bytes];
    }
}
