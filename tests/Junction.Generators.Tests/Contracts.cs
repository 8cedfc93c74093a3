namespace Junction.Generators.Tests;

/// <summary>Contract sources the generator tests compile.</summary>
internal static class Contracts
{
    /// <summary>A shop contract touching every shape the generator handles.</summary>
    public const string Mall = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Junction;

        namespace Mall;

        public enum OrderStatus { Placed = 1, Paid = 2, Shipped = 3 }

        [RpcMessage]
        public sealed record OrderLine(string Sku, int Quantity, decimal Price);

        [RpcMessage]
        public sealed record Order(
            [RpcField(1)] long Id,
            [RpcField(2)] string UserId,
            [RpcField(3)] decimal Total,
            [RpcField(4)] IReadOnlyList<OrderLine> Lines,
            [RpcField(6)] OrderStatus Status,
            [RpcField(7)] DateTimeOffset PlacedAt)
        {
            [RpcField(8)] public Dictionary<string, string> Notes { get; init; } = new();
            [RpcField(9)] public string? Coupon { get; init; }
            [RpcField(10)] public int? Priority { get; init; }
        }

        [RpcMessage]
        public class Address
        {
            public string Street { get; set; } = "";
            public string City { get; set; } = "";
            public Guid Id { get; set; }
            public List<int> Codes { get; set; } = new();
            public byte[] Photo { get; set; } = Array.Empty<byte>();
            public TimeSpan DeliveryWindow { get; set; }

            [RpcField(20)] public Dictionary<string, OrderLine> Stock { get; set; } = new();

            [RpcField(7)] public ReadOnlyMemory<byte> Signature { get; set; }
        }

        public static class Catalog
        {
            [RpcMessage]
            public sealed record Sku(string Code, Dictionary<OrderStatus, double> Prices);

            [RpcService(Protocol = "inproc")]
            public interface ISkuService
            {
                Task<Sku?> FindAsync(string code);
            }
        }

        [RpcService(Version = "1.2.0", Group = "mall", Protocol = "tcp,grpc")]
        public interface IOrderService
        {
            [RpcMethod(TimeoutMs = 800, Retries = 2, Idempotent = true)]
            Task<Order> GetAsync(long orderId, CancellationToken ct = default);

            [RpcMethod(HashArguments = new[] { 0, 2 })]
            ValueTask<Order> PlaceAsync(string userId, long sku, int quantity, CancellationToken ct = default);

            Task<int> CountAsync(OrderStatus status);

            Task CancelAsync(Order order, CancellationToken cancellationToken);

            ValueTask PingAsync();

            [RpcMethod(Name = "Ship")]
            ValueTask<Address?> ShipToAsync(Address address, IReadOnlyList<long> orderIds);

            Task<IReadOnlyList<Order>> ListAsync(string userId, DateTime? since);

            Task<Catalog.Sku[]> SkusAsync(Catalog.Sku first, bool includeRelated);
        }
        """;

    public const string Unrelated = """
        namespace Elsewhere;

        public class Unrelated
        {
            public int Value { get; set; }
        }
        """;
}
