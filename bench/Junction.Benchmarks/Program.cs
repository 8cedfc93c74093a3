using BenchmarkDotNet.Running;

namespace Junction.Benchmarks;

/// <summary>Runs the micro benchmarks: <c>dotnet run -c Release --project bench/Junction.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    /// <summary>Hands the command line to BenchmarkDotNet's switcher (filters, jobs, exporters).</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
