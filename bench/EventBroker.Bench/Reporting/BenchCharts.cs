using System.Globalization;

namespace EventBroker.Bench.Reporting;

/// <summary>
/// The three charts of a run, written as SVG next to docs/benchmarks.md (or wherever --charts points): throughput
/// over time, send latency over time, and the latency distribution by percentile.
/// </summary>
public static class BenchCharts
{
    public static IReadOnlyList<string> Write(BenchReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var subtitle = Subtitle(report);
        var files = new List<string>();
        void Save(string name, SvgChart chart)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, chart.Render());
            files.Add(path);
        }
        Save("bench-throughput.svg", Throughput(report, subtitle));
        Save("bench-latency.svg", LatencyOverTime(report, subtitle));
        Save("bench-latency-percentiles.svg", LatencyByPercentile(report, subtitle));
        return files;
    }

    private static SvgChart Throughput(BenchReport report, string subtitle)
    {
        var send = report.Timeline.Send;
        var sendEnd = send.Count == 0 ? 0 : send[^1].Second;
        var chart = new SvgChart
        {
            Title = "Throughput (messages per second, each second of the run)",
            Subtitle = subtitle,
            XLabel = "seconds since the first send",
            YLabel = "messages / s",
        };
        AddWarmup(chart, report);
        chart.Line("acknowledged sends / s", send.Select(s => (s.Second, s.Tps)));
        chart.Line("pulled records / s (drain after the sends)", report.Timeline.Consume.Select(c => (sendEnd + c.Second, c.Tps)));
        return chart;
    }

    private static SvgChart LatencyOverTime(BenchReport report, string subtitle)
    {
        var send = report.Timeline.Send;
        var chart = new SvgChart
        {
            Title = "Send latency, each second (acknowledged sends)",
            Subtitle = subtitle,
            XLabel = "seconds since the first send",
            YLabel = "milliseconds",
        };
        AddWarmup(chart, report);
        chart.Line("p50", send.Where(s => s.P50Ms is not null).Select(s => (s.Second, s.P50Ms!.Value)));
        chart.Line("p99", send.Where(s => s.P99Ms is not null).Select(s => (s.Second, s.P99Ms!.Value)));
        return chart;
    }

    /// <summary>The x axis counts nines (0 = p0, 1 = p90, 2 = p99, 3 = p99.9) so the tail gets as much room as the median.</summary>
    private static SvgChart LatencyByPercentile(BenchReport report, string subtitle) =>
        new SvgChart
        {
            Title = "Send latency by percentile (measured window)",
            Subtitle = subtitle,
            XLabel = "percentile",
            YLabel = "milliseconds",
            XTicks = [0, 1, 2, 3, 4],
            XTickLabel = nines => nines switch
            {
                0 => "p0",
                1 => "p90",
                2 => "p99",
                3 => "p99.9",
                _ => "p99.99",
            },
        }.Line("latency", report.Send.LatencyByPercentile.Select(p => (Nines(p.Percentile), p.Ms)));

    public static double Nines(double percentile) => -Math.Log10(Math.Max(1e-6, 1 - percentile / 100));

    private static void AddWarmup(SvgChart chart, BenchReport report)
    {
        if (report.Settings.WarmupSeconds > 0)
        {
            chart.Band(0, report.Settings.WarmupSeconds, "warm-up");
        }
    }

    private static string Subtitle(BenchReport report)
    {
        var s = report.Settings;
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.Senders} sync senders, {s.Connections} connections, {s.Queues} queues, {s.SizeBytes} B bodies; {report.Send.Tps:N0} sends/s, p99 {report.Send.P99Ms:F2} ms; {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
    }
}
