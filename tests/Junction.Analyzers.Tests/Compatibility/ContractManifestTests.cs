using Junction.Generators.Model;
using Junction.Generators.Parser;

namespace Junction.Analyzers.Tests.Compatibility;

/// <summary>The manifest the generator emits and 'contracts lock' writes: its exact text, determinism and round trip.</summary>
public sealed class ContractManifestTests
{
    private const string Meter = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Junction;

        namespace Demo;

        public enum Level { Low = 1, High = 2 }

        [RpcMessage]
        public sealed record Reading([RpcField(2)] double Value, [RpcField(1)] string Sensor)
        {
            [RpcField(3)] public Level Level { get; init; }
            [RpcField(4)] public Dictionary<Level, string> Labels { get; init; } = new();
            [RpcField(5)] public DateTimeOffset? At { get; init; }
            [RpcField(6)] public long[] Samples { get; init; } = [];
        }

        [RpcMessage]
        public sealed class Calibration
        {
        }

        [RpcService(Version = "2.1.0")]
        public interface IMeter
        {
            Task<Reading> ReadAsync(string sensor);
            Task ResetAsync();
            Task<IReadOnlyList<Reading>> HistoryAsync(string sensor, int last);
            Task CalibrateAsync(Calibration calibration);
        }
        """;

    /// <summary>The same contract, members and methods declared in another order.</summary>
    private const string MeterReordered = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Junction;

        namespace Demo;

        [RpcService(Version = "2.1.0")]
        public interface IMeter
        {
            Task CalibrateAsync(Calibration calibration);
            Task<IReadOnlyList<Reading>> HistoryAsync(string sensor, int last);
            Task ResetAsync();
            Task<Reading> ReadAsync(string sensor);
        }

        [RpcMessage]
        public sealed class Calibration
        {
        }

        [RpcMessage]
        public sealed record Reading([RpcField(1)] string Sensor, [RpcField(2)] double Value)
        {
            [RpcField(6)] public long[] Samples { get; init; } = [];
            [RpcField(5)] public DateTimeOffset? At { get; init; }
            [RpcField(4)] public Dictionary<Level, string> Labels { get; init; } = new();
            [RpcField(3)] public Level Level { get; init; }
        }

        public enum Level { Low = 1, High = 2 }
        """;

    private const string MeterJson = """
        {
          "version": 1,
          "contracts": [
            {
              "interface": "Demo.IMeter",
              "group": "",
              "version": "2.1.0",
              "methods": [
                { "name": "Calibrate", "request": "Calibration", "response": "google.protobuf.Empty" },
                { "name": "History", "request": "HistoryRequest", "response": "HistoryResponse" },
                { "name": "Read", "request": "ReadRequest", "response": "Reading" },
                { "name": "Reset", "request": "google.protobuf.Empty", "response": "google.protobuf.Empty" }
              ],
              "messages": [
                {
                  "name": "Calibration",
                  "fields": []
                },
                {
                  "name": "HistoryRequest",
                  "fields": [
                    { "name": "sensor", "number": 1, "type": "string" },
                    { "name": "last", "number": 2, "type": "int32" }
                  ]
                },
                {
                  "name": "HistoryResponse",
                  "fields": [
                    { "name": "value", "number": 1, "type": "repeated Reading" }
                  ]
                },
                {
                  "name": "ReadRequest",
                  "fields": [
                    { "name": "sensor", "number": 1, "type": "string" }
                  ]
                },
                {
                  "name": "Reading",
                  "fields": [
                    { "name": "sensor", "number": 1, "type": "string" },
                    { "name": "value", "number": 2, "type": "double" },
                    { "name": "level", "number": 3, "type": "Level" },
                    { "name": "labels", "number": 4, "type": "map<int32, string>" },
                    { "name": "at", "number": 5, "type": "google.protobuf.Timestamp" },
                    { "name": "samples", "number": 6, "type": "repeated int64" }
                  ]
                }
              ]
            }
          ]
        }

        """;

    [Fact]
    public void Manifest_text_is_sorted_indented_and_uses_proto_names()
    {
        Assert.Equal(MeterJson, LockFiles.LockOf(Meter));
    }

    [Fact]
    public void Declaration_order_does_not_change_the_text()
    {
        Assert.Equal(LockFiles.LockOf(Meter), LockFiles.LockOf(MeterReordered));
    }

    [Fact]
    public void Text_uses_newlines_only()
    {
        var json = LockFiles.LockOf(Meter);
        Assert.DoesNotContain('\r', json);
        Assert.EndsWith("}\n", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_round_trips_through_the_reader()
    {
        var manifest = LockFiles.ManifestOf(Meter);

        var parsed = ContractManifest.Parse(manifest.ToJson());

        Assert.Equal(manifest, parsed);
        Assert.Equal(manifest.ToJson(), parsed.ToJson());
    }

    [Fact]
    public void Names_with_quotes_backslashes_and_control_characters_round_trip()
    {
        var odd = "Odd\"Name\\With\nLines\tand\u0001é";
        var manifest = ContractManifest.Empty.With([new ManifestContract(odd, "g\"", "1.0", Array(new ManifestMethod("M", odd, "R")), Array(new ManifestMessage(odd, Array(new ManifestField(odd, 7, "map<string, " + odd + ">")))))]);

        var json = manifest.ToJson();

        Assert.Contains("\"Odd\\\"Name\\\\With\\nLines\\tand\\u0001é\"", json);
        Assert.Equal(manifest, ContractManifest.Parse(json));
    }

    [Fact]
    public void Names_that_collide_in_the_contract_get_the_same_names_as_the_proto_file()
    {
        const string source = """
            using System.Threading.Tasks;
            using Junction;

            namespace Clash.One { [RpcMessage] public sealed record Item(string Name); }

            namespace Clash.Two { [RpcMessage] public sealed record Item(int Count); }

            namespace Clash
            {
                [RpcMessage]
                public sealed record GetRequest(string Key);

                [RpcService]
                public interface IClash
                {
                    Task<One.Item> FirstAsync(Two.Item item);
                    Task<GetRequest> EchoAsync(GetRequest request);
                    Task<string> GetAsync(string key, int version);
                }
            }
            """;

        var contract = Assert.Single(LockFiles.ManifestOf(source).Contracts);

        Assert.Equal(["Clash_GetRequest", "Clash_One_Item", "Clash_Two_Item", "GetRequest", "GetResponse"], contract.Messages.Select(m => m.Name));
        Assert.Equal(new ManifestMethod("First", "Clash_Two_Item", "Clash_One_Item"), contract.FindMethod("First"));
        Assert.Equal(new ManifestMethod("Echo", "GetRequest", "GetRequest"), contract.FindMethod("Echo"));
        Assert.Equal(new ManifestMethod("Get", "Clash_GetRequest", "GetResponse"), contract.FindMethod("Get"));
    }

    [Fact]
    public void With_replaces_contracts_by_interface_and_group_and_keeps_the_others()
    {
        var a1 = Contract("A", "", "1.0");
        var aOtherGroup = Contract("A", "eu", "1.0");
        var b = Contract("B", "", "3.0");
        var a2 = Contract("A", "", "2.0");

        var merged = ContractManifest.Empty.With([b, a1, aOtherGroup]).With([a2]);

        Assert.Equal([a2, aOtherGroup, b], merged.Contracts);
        Assert.Same(a2, merged.Find("A", ""));
        Assert.Null(merged.Find("C", ""));
    }

    private static ManifestContract Contract(string name, string group, string version)
        => new(name, group, version, Array(new ManifestMethod("Ping", ContractManifest.EmptyMessage, ContractManifest.EmptyMessage)), EquatableArray<ManifestMessage>.Empty);

    private static EquatableArray<T> Array<T>(params T[] items)
        where T : IEquatable<T>
        => new(items);
}
