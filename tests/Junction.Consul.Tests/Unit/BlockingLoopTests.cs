using System.Net;
using System.Text;
using Junction.Consul.Http;
using Junction.Registry;

namespace Junction.Consul.Tests.Unit;

/// <summary>The discovery loop's requests against scripted answers: what index and wait it sends after each answer.</summary>
public sealed class BlockingLoopTests
{
    [Fact]
    public async Task The_loop_sends_no_index_first_then_the_last_resets_after_a_regression_and_clamps_zero_to_one()
    {
        var script = new Queue<ulong?>([10, 12, 5, 5, 0, 0, 7]);
        var seen = new List<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var handler = new Scripted(request =>
        {
            lock (seen)
            {
                seen.Add(request.RequestUri!.Query);
                if (script.Count == 0)
                {
                    done.TrySetResult();
                    return null;
                }

                return script.Dequeue();
            }
        });
        var options = new ConsulOptions { QueryRefillInterval = TimeSpan.FromMilliseconds(1), WaitTime = TimeSpan.FromSeconds(2) };
        await using var registry = new ConsulRegistry(new ConsulHttp(options, handler: handler), loggerFactory: null);
        var pushes = 0;
        using var subscription = registry.Subscribe("g/Demo.IGreeter:1.0", _ => Interlocked.Increment(ref pushes));
        await done.Task.WaitAsync(TimeSpan.FromSeconds(20));

        string[] expected =
        [
            "?passing=1&tag=version%3D1.0&tag=group%3Dg",                    // first: no index
            "?passing=1&tag=version%3D1.0&tag=group%3Dg&index=10&wait=2s",
            "?passing=1&tag=version%3D1.0&tag=group%3Dg&index=12&wait=2s",
            "?passing=1&tag=version%3D1.0&tag=group%3Dg",                    // 5 < 12: reset, do not block
            "?passing=1&tag=version%3D1.0&tag=group%3Dg&index=5&wait=2s",
            "?passing=1&tag=version%3D1.0&tag=group%3Dg",                    // 0 < 5: reset
            "?passing=1&tag=version%3D1.0&tag=group%3Dg&index=1&wait=2s",    // 0 again: clamped to 1, never 0
            "?passing=1&tag=version%3D1.0&tag=group%3Dg&index=7&wait=2s",
        ];
        lock (seen)
        {
            Assert.Equal(expected, seen.Take(expected.Length));
        }

        // Every answer was the same empty list: one push, for the first answer.
        Assert.Equal(1, Volatile.Read(ref pushes));
        Assert.Equal(2, registry.IndexResets("g/Demo.IGreeter:1.0"));
    }

    private sealed class Scripted(Func<HttpRequestMessage, ulong?> next) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var index = next(request);
            if (index is null)
            {
                // The script is over: park like a blocking query until the loop is stopped.
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("[]", Encoding.UTF8, "application/json") };
            response.Headers.Add("X-Consul-Index", index!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        }
    }
}
