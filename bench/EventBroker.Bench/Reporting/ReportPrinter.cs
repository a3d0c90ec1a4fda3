using System.Text;
using System.Text.Json;
using EventBroker.Bench.Processes;

namespace EventBroker.Bench.Reporting;

/// <summary>The final summary: an aligned table for people, JSON for scripts.</summary>
public static class ReportPrinter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Json(BenchReport report) => JsonSerializer.Serialize(report, JsonOptions);

    public static string Table(BenchReport report)
    {
        var rows = new List<(string Name, string Value)>();
        var s = report.Settings;
        rows.Add(("broker / topic", $"{s.Broker} / {s.Topic}"));
        rows.Add(("senders / connections / queues", $"{s.Senders} / {s.Connections} / {s.Queues}"));
        rows.Add(("message size", $"{s.SizeBytes} B"));
        rows.Add(("warm-up + measured", F($"{s.WarmupSeconds} s + {s.DurationSeconds:F1} s")));

        var send = report.Send;
        rows.Add(("send TPS", F($"{send.Tps:N0} msg/s")));
        rows.Add(("sent OK (measured / whole run)", F($"{send.StoredMeasured:N0} / {send.StoredTotal:N0}")));
        rows.Add(("latency avg / p50", F($"{send.AvgMs:F2} / {send.P50Ms:F2} ms")));
        rows.Add(("latency p99 / p99.9 / max", F($"{send.P99Ms:F2} / {send.P999Ms:F2} / {send.MaxMs:F2} ms")));
        rows.Add(("send errors", Errors(send.ErrorsByCode)));
        if (send.FirstError is not null)
        {
            rows.Add(("first send error", send.FirstError));
        }

        if (report.Consume is { } c)
        {
            rows.Add(("consume TPS", F($"{c.Tps:N0} msg/s over {c.Seconds:F1} s ({c.Pulls:N0} pulls)")));
            rows.Add(("consumed / by offsets / sent OK", F($"{c.Consumed:N0} / {c.ExpectedByOffsets:N0} / {c.SuccessfulSends:N0}")));
            rows.Add(("count verified", (c.Verified ? "yes" : "NO") + (c.Note is null ? "" : $" ({c.Note})")));
            rows.Add(("pull errors", Errors(c.ErrorsByCode)));
            if (c.InconsistentPulls > 0)
            {
                rows.Add(("pulls with count != offset advance", F($"{c.InconsistentPulls:N0}")));
            }
            rows.AddRange(c.AbandonedQueues.Select(a => ("abandoned", a)));
        }

        if (report.Gateway is { } g)
        {
            rows.Add(("gateway peak RSS (VmHWM)", F($"{g.PeakRssMb:F0} MB (max sampled VmRSS {g.MaxSampledRssMb:F0} MB)")));
        }
        rows.Add(("CPU during send", Cpu(report.SendCpu)));
        rows.Add(("machine during send", Machine(report.SendCpu)));
        if (report.SendCpu.GatewayThreads.Count > 0)
        {
            rows.Add(("gateway threads during send", Threads(report.SendCpu)));
        }
        var perSend = send.StoredMeasured + send.FailedMeasured is var n and > 0 ? (double)report.SendCpu.GeneratorAllocatedBytes / n : 0;
        rows.Add(("generator CPU / allocations per send", F($"{report.SendCpu.GeneratorCpuSeconds * 1e6 / Math.Max(1, send.StoredMeasured):F1} µs / {perSend:F1} B")));
        if (report.ConsumeCpu is { } consumeCpu)
        {
            rows.Add(("CPU during consume", Cpu(consumeCpu)));
            rows.Add(("machine during consume", Machine(consumeCpu)));
            if (consumeCpu.GatewayThreads.Count > 0)
            {
                rows.Add(("gateway threads during consume", Threads(consumeCpu)));
            }
        }

        var width = rows.Max(r => r.Name.Length);
        var text = new StringBuilder();
        foreach (var (name, value) in rows)
        {
            text.Append(name.PadRight(width)).Append(" | ").AppendLine(value);
        }
        return text.ToString();
    }

    private static string Cpu(CpuWindow w) => w.GatewayCpuSeconds is double gw
        ? F($"generator {w.GeneratorCpuSeconds:F1} s ({w.GeneratorCores:F2} cores), gateway {gw:F1} s ({w.GatewayCores:F2} cores) over {w.WallSeconds:F1} s")
        : F($"generator {w.GeneratorCpuSeconds:F1} s ({w.GeneratorCores:F2} cores) over {w.WallSeconds:F1} s; gateway not sampled");

    private static string Machine(CpuWindow w) =>
        F($"{w.MachineBusyCores:F2} of {Environment.ProcessorCount} cores busy, {w.OtherCores:F2} by other processes, iowait {w.MachineIoWaitSeconds / Math.Max(w.WallSeconds, 1e-9):F2}");

    private static string Threads(CpuWindow w) =>
        string.Join(", ", w.GatewayThreads.Select(t => F($"{t.Name} x{t.Threads} {t.CpuSeconds:F1} s")));

    private static string Errors(IReadOnlyDictionary<string, long> errors) =>
        errors.Count == 0 ? "none" : string.Join(", ", errors.Select(e => F($"{e.Key}: {e.Value:N0}")));

    private static string F(FormattableString text) => FormattableString.Invariant(text);
}
