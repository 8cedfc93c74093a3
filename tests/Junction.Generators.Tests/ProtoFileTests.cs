using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Junction.Generators.Tests;

/// <summary>The .proto text the generator emits must be accepted by protoc, so any language can call a Junction provider.</summary>
public partial class ProtoFileTests
{
    [Fact]
    public async Task Protoc_accepts_the_proto_of_every_contract()
    {
        var (_, _, result) = GeneratorHarness.Run(GeneratorHarness.Compile(Contracts.Mall));
        var descriptors = result.GeneratedSources.Where(s => s.HintName.EndsWith(".Descriptor.g.cs", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, descriptors.Count);

        var directory = Directory.CreateTempSubdirectory("junction-proto-");
        try
        {
            foreach (var descriptor in descriptors)
            {
                var proto = ExtractProto(descriptor.SourceText.ToString());
                var file = Path.Combine(directory.FullName, Path.GetFileNameWithoutExtension(descriptor.HintName) + ".proto");
                await File.WriteAllTextAsync(file, proto);

                var (exitCode, errors) = await RunProtocAsync(directory.FullName, file);

                Assert.True(exitCode == 0, $"protoc rejected {descriptor.HintName}:\n{errors}\n{proto}");
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_proto_names_nested_types_and_keeps_enum_zero_first()
    {
        var (_, _, result) = GeneratorHarness.Run(GeneratorHarness.Compile(Contracts.Mall));
        var proto = ExtractProto(result.GeneratedSources.Single(s => s.HintName == "Mall_IOrderService.Descriptor.g.cs").SourceText.ToString());

        Assert.Contains("package Mall;", proto);
        Assert.Contains("service IOrderService {", proto);
        Assert.Contains("rpc Ship (ShipRequest) returns (Address);", proto);
        Assert.Contains("message Catalog_Sku {", proto);
        Assert.Contains("map<int32, double> prices = 2;", proto);
        Assert.Contains("optional string coupon = 9;", proto);
        Assert.Matches(@"enum OrderStatus \{\n  ORDER_STATUS_UNSPECIFIED = 0;\n  ORDER_STATUS_PLACED = 1;", proto);
    }

    /// <summary>Reads the verbatim string of <c>public const string Proto = @"…";</c>.</summary>
    private static string ExtractProto(string descriptor)
    {
        var match = ProtoConstant().Match(descriptor);
        Assert.True(match.Success, "the descriptor has no Proto constant");
        return match.Groups[1].Value.Replace("\"\"", "\"");
    }

    private static async Task<(int ExitCode, string Errors)> RunProtocAsync(string directory, string file)
    {
        var tools = typeof(ProtoFileTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "GrpcToolsPath").Value!;
        var protoc = Path.Combine(tools, "tools", "linux_x64", "protoc");
        if (!OperatingSystem.IsWindows())
        {
            // NuGet does not keep the execute bit.
            File.SetUnixFileMode(protoc, File.GetUnixFileMode(protoc) | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo(protoc)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add("-I" + Path.Combine(tools, "build", "native", "include"));
        start.ArgumentList.Add("-I" + directory);
        start.ArgumentList.Add("--descriptor_set_out=" + Path.Combine(directory, "out.pb"));
        start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await errors);
    }

    [GeneratedRegex("public const string Proto = @\"((?:[^\"]|\"\")*)\";")]
    private static partial Regex ProtoConstant();
}
