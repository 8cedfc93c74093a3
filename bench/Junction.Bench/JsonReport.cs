using System.Text;
using System.Text.Json;
using Junction.Bench.Measurement;

namespace Junction.Bench;

/// <summary>
/// The machine-readable summary, one line: protocol, concurrency, payload, throughput, latency percentiles,
/// allocation and failures of the main run, calls per provider; the baseline's throughput and p50 and the two ratios
/// (medians over the rounds; null without <c>--baseline</c>).
/// </summary>
internal static class JsonReport
{
    public static string Format(Settings settings, Report report)
    {
        var main = report.Main;
        var baseline = report.Baseline;
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("protocol", settings.Protocol);
            json.WriteNumber("concurrency", settings.Concurrency);
            json.WriteNumber("payloadBytes", settings.PayloadBytes);
            json.WriteNumber("callsPerSecond", Math.Round(main.CallsPerSecond, 1));
            json.WriteNumber("p50Us", Math.Round(main.P50Us, 2));
            json.WriteNumber("p99Us", Math.Round(main.P99Us, 2));
            json.WriteNumber("p999Us", Math.Round(main.P999Us, 2));
            json.WriteNumber("allocBytesPerCall", Math.Round(main.AllocBytesPerCall, 1));
            json.WriteNumber("failed", main.Failed);
            json.WriteStartArray("perProvider");
            foreach (var calls in main.PerProvider)
            {
                json.WriteNumberValue(calls);
            }

            json.WriteEndArray();
            if (baseline is null)
            {
                json.WriteNull("baseline");
                json.WriteNull("throughputRatio");
                json.WriteNull("p50Ratio");
            }
            else
            {
                json.WriteStartObject("baseline");
                json.WriteNumber("callsPerSecond", Math.Round(baseline.CallsPerSecond, 1));
                json.WriteNumber("p50Us", Math.Round(baseline.P50Us, 2));
                json.WriteEndObject();
                WriteRatio(json, "throughputRatio", report.ThroughputRatio);
                WriteRatio(json, "p50Ratio", report.P50Ratio);
                json.WriteStartArray("roundThroughputRatios");
                foreach (var ratio in report.RoundThroughputRatios)
                {
                    json.WriteNumberValue(Math.Round(ratio, 4));
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteRatio(Utf8JsonWriter json, string name, double? ratio)
    {
        if (ratio is { } value)
        {
            json.WriteNumber(name, Math.Round(value, 4));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
