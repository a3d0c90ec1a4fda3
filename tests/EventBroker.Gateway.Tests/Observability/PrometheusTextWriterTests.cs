using System.Diagnostics.Metrics;
using EventBroker.Gateway.Observability;

namespace EventBroker.Gateway.Tests.Observability;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void Counters_get_total_and_label_values_are_escaped()
    {
        using var meter = new Meter("test.escape");
        using var aggregator = new MetricsAggregator(meter);
        var counter = meter.CreateCounter<long>("demo.requests", "{request}", "Requests\nwith a \\ in the help");
        counter.Add(2, new KeyValuePair<string, object?>("topic", "a\"b\\c\nd"));
        counter.Add(3, new KeyValuePair<string, object?>("topic", "a\"b\\c\nd"));

        var text = PrometheusTextWriter.Write(aggregator.Collect());

        Assert.Contains("# HELP demo_requests Requests\\nwith a \\\\ in the help\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE demo_requests counter\n", text, StringComparison.Ordinal);
        Assert.Contains("demo_requests_total{topic=\"a\\\"b\\\\c\\nd\"} 5\n", text, StringComparison.Ordinal);
        PrometheusText.Parse(text);
    }

    [Fact]
    public void Histograms_have_cumulative_buckets_sum_and_count_in_seconds()
    {
        using var meter = new Meter("test.histogram");
        using var aggregator = new MetricsAggregator(meter);
        var histogram = meter.CreateHistogram<double>("demo.duration", "s", "How long");
        histogram.Record(0.0003);
        histogram.Record(0.001);
        histogram.Record(0.003);
        histogram.Record(20);

        var parsed = PrometheusText.Parse(PrometheusTextWriter.Write(aggregator.Collect()));

        Assert.Equal("histogram", parsed.TypeOf("demo_duration_seconds"));
        Assert.Equal(1, parsed.Value("demo_duration_seconds_bucket{le=\"0.0005\"}"));
        Assert.Equal(2, parsed.Value("demo_duration_seconds_bucket{le=\"0.001\"}"));
        Assert.Equal(3, parsed.Value("demo_duration_seconds_bucket{le=\"0.005\"}"));
        Assert.Equal(3, parsed.Value("demo_duration_seconds_bucket{le=\"10\"}"));
        Assert.Equal(4, parsed.Value("demo_duration_seconds_bucket{le=\"+Inf\"}"));
        Assert.Equal(4, parsed.Value("demo_duration_seconds_count"));
        Assert.Equal(20.0043, parsed.Value("demo_duration_seconds_sum")!.Value, 6);
    }

    [Fact]
    public void Observable_gauges_report_only_what_their_callback_returns_now()
    {
        using var meter = new Meter("test.gauge");
        using var aggregator = new MetricsAggregator(meter);
        var languages = new List<string> { "JAVA", "GO" };
        meter.CreateObservableGauge("demo.connections", () => languages.Select(l => new Measurement<int>(1, new KeyValuePair<string, object?>("language", l))));

        var first = PrometheusText.Parse(PrometheusTextWriter.Write(aggregator.Collect()));
        languages.Remove("GO");
        var second = PrometheusText.Parse(PrometheusTextWriter.Write(aggregator.Collect()));

        Assert.Equal(1, first.Value("demo_connections{language=\"GO\"}"));
        Assert.Null(second.Value("demo_connections{language=\"GO\"}"));
        Assert.Equal(1, second.Value("demo_connections{language=\"JAVA\"}"));
    }
}
