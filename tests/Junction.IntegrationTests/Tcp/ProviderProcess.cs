using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Junction.IntegrationTests.Tcp;

/// <summary>
/// Junction.TestProvider running as a child process (<c>dotnet Junction.TestProvider.dll &lt;port&gt;</c>), for tests
/// where the provider's process dies. Disposing kills it if it still runs; closing its standard input also stops it,
/// so it does not outlive a test run that was itself killed.
/// </summary>
internal sealed class ProviderProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(string Prefix, TaskCompletionSource<string> Seen)> _waiters = [];

    private ProviderProcess(Process process) => _process = process;

    public int Port { get; private set; }

    public string Name { get; private set; } = "";

    public string Url => $"tcp://127.0.0.1:{Port}";

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a provider on <paramref name="port"/> (0: any free port) and waits until it serves.</summary>
    public static async Task<ProviderProcess> StartAsync(int port)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(ProviderAssembly());
        startInfo.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";

        var provider = new ProviderProcess(new Process { StartInfo = startInfo });
        var ready = provider.WaitForLineAsync("READY ");
        provider._process.OutputDataReceived += (_, e) => provider.OnLine(e.Data);
        provider._process.ErrorDataReceived += (_, e) => provider.OnLine(e.Data);
        provider._process.Start();
        provider._process.BeginOutputReadLine();
        provider._process.BeginErrorReadLine();
        try
        {
            var exited = provider._process.WaitForExitAsync();
            var first = await Task.WhenAny(ready, exited).WaitAsync(StartTimeout);
            if (first != ready)
            {
                throw new InvalidOperationException($"The provider process exited with {provider._process.ExitCode} before it was ready:{Environment.NewLine}{provider.Output}");
            }

            // READY port=<port> name=<name>
            var fields = (await ready).Split(' ').Skip(1).Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
            provider.Port = int.Parse(fields["port"], System.Globalization.CultureInfo.InvariantCulture);
            provider.Name = fields["name"];
            return provider;
        }
        catch (TimeoutException)
        {
            await provider.DisposeAsync();
            throw new InvalidOperationException($"The provider process did not get ready within {StartTimeout.TotalSeconds:0} s:{Environment.NewLine}{provider.Output}");
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes with the first line (printed from now on, or already) that starts with <paramref name="prefix"/>.</summary>
    public Task<string> WaitForLineAsync(string prefix)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            foreach (var line in _output.ToString().Split(Environment.NewLine))
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    seen.SetResult(line);
                    return seen.Task;
                }
            }

            _waiters.Add((prefix, seen));
        }

        return seen.Task;
    }

    /// <summary>SIGKILL: the process ends at once, without closing anything itself.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Never started, or its output pipes are still held open: nothing more to release here.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource<string>>? matched = null;
        lock (_output)
        {
            _output.AppendLine(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (line.StartsWith(_waiters[i].Prefix, StringComparison.Ordinal))
                {
                    (matched ??= []).Add(_waiters[i].Seen);
                    _waiters.RemoveAt(i);
                }
            }
        }

        matched?.ForEach(m => m.TrySetResult(line));
    }

    private static string ProviderAssembly()
    {
        var path = typeof(ProviderProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "TestProviderPath").Value!;
        path = Path.GetFullPath(path);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} does not exist; build tests/Junction.IntegrationTests (it builds Junction.TestProvider too).");
    }
}
