using Junction;

namespace Inventory;

/// <summary>A contract declared by the test assembly itself, so there is a second contracts assembly to lock.</summary>
[RpcService(Version = "2.0", Group = "warehouse")]
public interface IStockService
{
    Task<StockLevel> LevelAsync(string sku, CancellationToken cancellationToken = default);

    /// <summary>Named like the descriptor's Manifest constant on purpose: the generated code must still compile.</summary>
    Task<int> ManifestAsync();
}

[RpcMessage]
public sealed record StockLevel([RpcField(1)] string Sku, [RpcField(2)] int OnHand);
