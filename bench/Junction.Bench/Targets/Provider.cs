using System.Diagnostics;
using System.Globalization;
using Junction.Bench.Bare;
using Junction.Registry;

namespace Junction.Bench.Targets;

/// <summary>
/// The provider of one measurement, in this process or in a child process (this tool re-launched in its hidden
/// <c>serve</c> mode), so the consumer's allocation and processor-time figures are the consumer's alone.
/// </summary>
internal abstract class Provider : IAsyncDisposable
{
    /// <summary>The tcp port on 127.0.0.1.</summary>
    public abstract int Port { get; }

    /// <summary>The provider's registry when it runs in this process (for inproc consumers), else null.</summary>
    public virtual IRegistry? Registry => null;

    /// <summary>Reads the provider process's processor time; null when the provider shares the consumer's process.</summary>
    public virtual Func<TimeSpan>? ProcessorTime => null;

    /// <summary>Starts provider <paramref name="number"/> (counted from 0) of the run.</summary>
    public static async Task<Provider> StartAsync(ProviderKind kind, bool separateProcess, int number = 0)
    {
        if (separateProcess)
        {
            return await ChildProvider.StartAsync(kind, number).ConfigureAwait(false);
        }

        return kind == ProviderKind.Bare
            ? new InProcessBare(await BareServer.StartAsync().ConfigureAwait(false))
            : new InProcessJunction(await JunctionProvider.StartAsync(number).ConfigureAwait(false));
    }

    /// <summary>Kills the provider's process with SIGKILL: no goodbye, its connections just break.</summary>
    public virtual void Kill() => throw new InvalidOperationException("A provider in the consumer's process cannot be killed; use --processes separate.");

    public abstract ValueTask DisposeAsync();

    private sealed class InProcessBare(BareServer server) : Provider
    {
        public override int Port => server.Port;

        public override ValueTask DisposeAsync() => server.DisposeAsync();
    }

    private sealed class InProcessJunction(JunctionProvider provider) : Provider
    {
        public override int Port => provider.Port;

        public override IRegistry Registry => provider.Registry;

        public override ValueTask DisposeAsync() => provider.DisposeAsync();
    }

    private sealed class ChildProvider : Provider
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
        private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

        private readonly Process _process;
        private TimeSpan _lastProcessorTime;

        private ChildProvider(Process process, int port)
        {
            _process = process;
            Port = port;
        }

        public override int Port { get; }

        public override Func<TimeSpan> ProcessorTime => () =>
        {
            try
            {
                _process.Refresh();
                _lastProcessorTime = _process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                // Killed (--kill): what it used until then.
            }

            return _lastProcessorTime;
        };

        public override void Kill() => _process.Kill();

        public static async Task<ChildProvider> StartAsync(ProviderKind kind, int number)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown; use --processes same."))
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };

            // Started as 'dotnet junction-bench.dll', the host needs the assembly again.
            if (string.Equals(Path.GetFileNameWithoutExtension(start.FileName), "dotnet", StringComparison.OrdinalIgnoreCase))
            {
                start.ArgumentList.Add(typeof(Provider).Assembly.Location);
            }

            start.ArgumentList.Add(ServeCommand.Name);
            start.ArgumentList.Add(ServeCommand.ServerOptionName);
            start.ArgumentList.Add(kind.ToString().ToLowerInvariant());
            start.ArgumentList.Add(ServeCommand.NumberOptionName);
            start.ArgumentList.Add(number.ToString(CultureInfo.InvariantCulture));

            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
            try
            {
                // The child prints its port once it listens; anything else means it failed (its stderr says why).
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout).ConfigureAwait(false);
                if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                {
                    throw new InvalidOperationException($"The {kind} provider process did not report a port (it printed '{line}'); see its error output above.");
                }

                return new ChildProvider(process, port);
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw;
            }
        }

        public override async ValueTask DisposeAsync()
        {
            if (_process.HasExited)
            {
                _process.Dispose();
                return;
            }

            // Closing its input tells the child to stop; kill it only if it does not.
            _process.StandardInput.Close();
            try
            {
                await _process.WaitForExitAsync().WaitAsync(StopTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }

            _process.Dispose();
        }
    }
}
