using Junction;

namespace Junction.Runtime.Tests.Wire;

/// <summary>Every supported member type, so one message exercises the whole encoder.</summary>
public enum Color
{
    Red = 0,
    Green = 1,
    Blue = 5,
    Negative = -3,
}

[RpcMessage]
public sealed record Line(string Sku, int Quantity, decimal Price);

[RpcMessage]
public sealed class Everything
{
    public bool Flag { get; set; }
    public sbyte TinySigned { get; set; }
    public byte Tiny { get; set; }
    public short Short { get; set; }
    public ushort UShort { get; set; }
    public int Int { get; set; }
    public uint UInt { get; set; }
    public long Long { get; set; }
    public ulong ULong { get; set; }
    public float Float { get; set; }
    public double Double { get; set; }
    public char Char { get; set; }
    public string Text { get; set; } = "";
    public string? OptionalText { get; set; }
    public byte[] Bytes { get; set; } = [];
    public byte[]? OptionalBytes { get; set; }
    public ReadOnlyMemory<byte> Memory { get; set; }
    public decimal Money { get; set; }
    public Guid Id { get; set; }
    public DateTime When { get; set; }
    public DateTimeOffset WhenOffset { get; set; }
    public TimeSpan Elapsed { get; set; }
    public Color Color { get; set; }
    public int? MaybeInt { get; set; }
    public Color? MaybeColor { get; set; }
    public DateTime? MaybeWhen { get; set; }
    public decimal? MaybeMoney { get; set; }
    public Guid? MaybeId { get; set; }
    public bool? MaybeFlag { get; set; }
    public Line? Line { get; set; }
    public List<int> Numbers { get; set; } = [];
    public long[] Longs { get; set; } = [];
    public IReadOnlyList<string> Names { get; set; } = [];
    public IEnumerable<double> Doubles { get; set; } = [];
    public List<Line> Lines { get; set; } = [];
    public List<Color> Colors { get; set; } = [];
    public List<DateTime> Times { get; set; } = [];
    public List<byte[]> Blobs { get; set; } = [];
    public Dictionary<string, int> Counts { get; set; } = [];
    public IReadOnlyDictionary<int, Line> LinesById { get; set; } = new Dictionary<int, Line>();
    public Dictionary<Color, string> ByColor { get; set; } = [];
    public Dictionary<long, bool> Switches { get; set; } = [];
    public Everything? Child { get; set; }
}

/// <summary>A contract whose proto package is <c>interop</c>, so protoc's C# classes do not clash with ours.</summary>
[RpcService(Name = "interop.WireProbe", Version = "1.0.0", Protocol = "inproc")]
public interface IWireProbe
{
    Task<Everything> EchoAsync(Everything value, CancellationToken cancellationToken = default);

    Task<int> CountAsync(string text, long offset, IReadOnlyList<int> values, CancellationToken cancellationToken = default);

    Task PingAsync();

    ValueTask<string?> FindNameAsync(int id);

    ValueTask NotifyAsync(Line line, CancellationToken cancellationToken);
}
