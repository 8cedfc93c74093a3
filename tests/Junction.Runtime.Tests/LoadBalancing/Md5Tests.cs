using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Junction.LoadBalancing;

namespace Junction.Runtime.Tests.LoadBalancing;

/// <summary>The managed MD5 that hashes consistent-hash keys must agree with the platform's MD5 bit for bit.</summary>
public class Md5Tests
{
    [Theory]
    [InlineData("", 0xd98c1dd4u)] // RFC 1321 test suite: d41d8cd98f00b204e9800998ecf8427e
    [InlineData("abc", 0x98500190u)] // 900150983cd24fb0d6963f7d28e17f72
    [InlineData("message digest", 0x7d696bf9u)] // f96b697d7cb7938d525a2f31aaf161d0
    public void The_first_word_matches_the_RFC_test_suite(string text, uint expected)
        => Assert.Equal(expected, Md5.FirstWord(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Every_length_across_block_and_padding_boundaries_matches_the_platform_MD5()
    {
        var random = new Random(5501);
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);

            var expected = BinaryPrimitives.ReadUInt32LittleEndian(MD5.HashData(data));

            Assert.True(expected == Md5.FirstWord(data), $"MD5 of {length} bytes");
        }
    }
}
