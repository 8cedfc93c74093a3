using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Junction.LoadBalancing;

/// <summary>
/// MD5 (RFC 1321) computed in managed code, returning only what consistent hashing reads: the first 32-bit word of the
/// digest, little-endian, which is ketama's word 0 and Dubbo's key hash. The platform's MD5 goes through the operating
/// system's crypto library, whose per-call overhead is several times the cost of hashing a short key; this is what
/// keeps a consistent-hash pick in the same range as the other balancers. Ring points (built once per provider set)
/// still use <see cref="System.Security.Cryptography.MD5"/>, and tests check the two agree.
/// </summary>
internal static class Md5
{
    private static readonly uint[] K =
    [
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
        0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
        0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
        0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
        0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
        0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
        0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
    ];

    /// <summary>The first word of MD5(<paramref name="data"/>), read little-endian.</summary>
    public static uint FirstWord(ReadOnlySpan<byte> data)
    {
        uint a = 0x67452301, b = 0xefcdab89, c = 0x98badcfe, d = 0x10325476;
        var whole = data.Length & ~63;
        for (var offset = 0; offset < whole; offset += 64)
        {
            Block(data.Slice(offset, 64), ref a, ref b, ref c, ref d);
        }

        // The tail, the 0x80 marker and the bit length fill one block, or two when the tail is 56 bytes or more.
        Span<byte> last = stackalloc byte[128];
        last.Clear();
        var tail = data[whole..];
        tail.CopyTo(last);
        last[tail.Length] = 0x80;
        var blocks = tail.Length < 56 ? 1 : 2;
        BinaryPrimitives.WriteUInt64LittleEndian(last.Slice((blocks * 64) - 8), (ulong)data.Length * 8);
        for (var block = 0; block < blocks; block++)
        {
            Block(last.Slice(block * 64, 64), ref a, ref b, ref c, ref d);
        }

        return a;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block(ReadOnlySpan<byte> block, ref uint a0, ref uint b0, ref uint c0, ref uint d0)
    {
        // MD5 reads the block as sixteen little-endian words: on a little-endian machine, the bytes as they are.
        ReadOnlySpan<uint> m;
        if (BitConverter.IsLittleEndian)
        {
            m = MemoryMarshal.Cast<byte, uint>(block);
        }
        else
        {
            var words = new uint[16];
            for (var i = 0; i < 16; i++)
            {
                words[i] = BinaryPrimitives.ReadUInt32LittleEndian(block.Slice(i * 4, 4));
            }

            m = words;
        }

        uint a = a0, b = b0, c = c0, d = d0;
        ReadOnlySpan<uint> k = K;

        // Four rounds of sixteen steps, four at a time: each round has its own mixing function, message order and
        // rotations (RFC 1321, section 3.4). Each step adds the constant and the message word to the older register
        // first and the mixing function of the newest register last: only mix, add, rotate, add wait on the previous
        // step, the other additions run alongside (a consistenthash pick went from 149–154 to 120 ns, bench/README.md).
        for (var i = 0; i < 16; i += 4)
        {
            a = b + BitOperations.RotateLeft(a + k[i] + m[i] + F(b, c, d), 7);
            d = a + BitOperations.RotateLeft(d + k[i + 1] + m[i + 1] + F(a, b, c), 12);
            c = d + BitOperations.RotateLeft(c + k[i + 2] + m[i + 2] + F(d, a, b), 17);
            b = c + BitOperations.RotateLeft(b + k[i + 3] + m[i + 3] + F(c, d, a), 22);
        }

        for (var i = 16; i < 32; i += 4)
        {
            a = b + BitOperations.RotateLeft(a + k[i] + m[((5 * i) + 1) & 15] + G(b, c, d), 5);
            d = a + BitOperations.RotateLeft(d + k[i + 1] + m[((5 * i) + 6) & 15] + G(a, b, c), 9);
            c = d + BitOperations.RotateLeft(c + k[i + 2] + m[((5 * i) + 11) & 15] + G(d, a, b), 14);
            b = c + BitOperations.RotateLeft(b + k[i + 3] + m[((5 * i) + 16) & 15] + G(c, d, a), 20);
        }

        for (var i = 32; i < 48; i += 4)
        {
            a = b + BitOperations.RotateLeft(a + k[i] + m[((3 * i) + 5) & 15] + (b ^ c ^ d), 4);
            d = a + BitOperations.RotateLeft(d + k[i + 1] + m[((3 * i) + 8) & 15] + (a ^ b ^ c), 11);
            c = d + BitOperations.RotateLeft(c + k[i + 2] + m[((3 * i) + 11) & 15] + (d ^ a ^ b), 16);
            b = c + BitOperations.RotateLeft(b + k[i + 3] + m[((3 * i) + 14) & 15] + (c ^ d ^ a), 23);
        }

        for (var i = 48; i < 64; i += 4)
        {
            a = b + BitOperations.RotateLeft(a + k[i] + m[(7 * i) & 15] + I(b, c, d), 6);
            d = a + BitOperations.RotateLeft(d + k[i + 1] + m[((7 * i) + 7) & 15] + I(a, b, c), 10);
            c = d + BitOperations.RotateLeft(c + k[i + 2] + m[((7 * i) + 14) & 15] + I(d, a, b), 15);
            b = c + BitOperations.RotateLeft(b + k[i + 3] + m[((7 * i) + 21) & 15] + I(c, d, a), 21);
        }

        a0 += a;
        b0 += b;
        c0 += c;
        d0 += d;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint F(uint x, uint y, uint z) => (x & y) | (~x & z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint G(uint x, uint y, uint z) => (x & z) | (y & ~z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint I(uint x, uint y, uint z) => y ^ (x | ~z);
}
