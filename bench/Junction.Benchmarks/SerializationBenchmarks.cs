using System.Buffers;
using BenchmarkDotNet.Attributes;
using Junction.Contracts;

namespace Junction.Benchmarks;

/// <summary>
/// Encoding and decoding generated messages through the serializers of the contract's method descriptors (what the
/// protocols call per request and response): the load tool's 100-byte echo message and an 11-field message.
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private MethodDescriptor<EchoMessage, EchoMessage> _echo = null!;
    private MethodDescriptor<RichMessage, RichMessage> _rich = null!;
    private EchoMessage _echoMessage = null!;
    private RichMessage _richMessage = null!;
    private byte[] _echoBytes = null!;
    private byte[] _richBytes = null!;

    /// <summary>Finds the descriptors and encodes each message once for the decoding benchmarks.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var service = ContractRegistry.Get<ISerializationBench>();
        _echo = (MethodDescriptor<EchoMessage, EchoMessage>)service.FindMethod("Echo")!;
        _rich = (MethodDescriptor<RichMessage, RichMessage>)service.FindMethod("Rich")!;

        var payload = new byte[100];
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)i;
        }

        _echoMessage = new EchoMessage(payload);
        _richMessage = new RichMessage(
            Id: 1_234_567_890,
            UserId: "user-4711",
            Total: 129.95,
            Quantity: 3,
            Paid: true,
            Status: RichStatus.Shipped,
            CreatedAt: new DateTimeOffset(2025, 11, 21, 10, 30, 0, TimeSpan.Zero),
            TraceId: new Guid("5b7d2c1e-8f3a-4d6b-9c0e-1a2b3c4d5e6f"),
            Discount: 12.50m,
            Tags: ["express", "gift"],
            Lines: [new RichLine(100_001, 1, 99.95), new RichLine(100_002, 2, 15.00)]);
        _echoBytes = _echo.RequestSerializer.Serialize(_echoMessage);
        _richBytes = _rich.RequestSerializer.Serialize(_richMessage);
    }

    /// <summary>Encodes the echo message into a reused buffer.</summary>
    [Benchmark]
    public int SerializeEcho()
    {
        _output.ResetWrittenCount();
        _echo.RequestSerializer.Serialize(_echoMessage, _output);
        return _output.WrittenCount;
    }

    /// <summary>Decodes the echo message (allocates the message and its payload array).</summary>
    [Benchmark]
    public EchoMessage DeserializeEcho() => _echo.RequestSerializer.Deserialize(_echoBytes);

    /// <summary>Encodes the rich message into a reused buffer.</summary>
    [Benchmark]
    public int SerializeRich()
    {
        _output.ResetWrittenCount();
        _rich.RequestSerializer.Serialize(_richMessage, _output);
        return _output.WrittenCount;
    }

    /// <summary>Decodes the rich message.</summary>
    [Benchmark]
    public RichMessage DeserializeRich() => _rich.RequestSerializer.Deserialize(_richBytes);
}
