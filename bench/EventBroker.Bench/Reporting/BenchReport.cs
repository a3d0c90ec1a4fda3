using EventBroker.Bench.Consuming;
using EventBroker.Bench.Processes;
using EventBroker.Bench.Sending;

namespace EventBroker.Bench.Reporting;

/// <summary>Everything a run measured, in the shape printed as a table or as JSON.</summary>
public sealed record BenchReport(
    RunSettings Settings,
    SendSummary Send,
    ConsumeSummary? Consume,
    GatewaySummary? Gateway,
    CpuWindow SendCpu,
    CpuWindow? ConsumeCpu,
    Timeline Timeline);

public sealed record RunSettings(
    string Broker, string Topic, int Senders, int Connections, int Queues, int SizeBytes, int WarmupSeconds, double DurationSeconds);

public sealed record SendSummary(
    double Tps,
    long StoredMeasured,
    long StoredTotal,
    long FailedMeasured,
    double AvgMs,
    double P50Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    IReadOnlyDictionary<string, long> ErrorsByCode,
    string? FirstError,
    IReadOnlyList<PercentilePoint> LatencyByPercentile)
{
    public static SendSummary From(SendOutcome o) => new(
        o.Tps,
        o.StoredMeasured,
        o.StoredTotal,
        o.FailedMeasured,
        o.Latency.MeanMicros / 1000.0,
        o.Latency.ValueAtPercentile(50) / 1000.0,
        o.Latency.ValueAtPercentile(99) / 1000.0,
        o.Latency.ValueAtPercentile(99.9) / 1000.0,
        o.Latency.MaxMicros / 1000.0,
        CodeNames.Name(o.Errors),
        o.FirstErrorRemark,
        Distribution(o.Latency));

    /// <summary>Percentiles from p0 to p99.99, spaced evenly in "nines", for the latency-distribution chart.</summary>
    private static List<PercentilePoint> Distribution(Metrics.LatencyHistogram latency)
    {
        var points = new List<PercentilePoint>();
        for (var nines = 0.0; nines <= 4.0001; nines += 0.05)
        {
            var percentile = 100 * (1 - Math.Pow(10, -nines));
            points.Add(new PercentilePoint(Math.Round(percentile, 4), latency.ValueAtPercentile(percentile) / 1000.0));
        }
        return points;
    }
}

public sealed record PercentilePoint(double Percentile, double Ms);

public sealed record ConsumeSummary(
    double Tps,
    long Consumed,
    long ExpectedByOffsets,
    long SuccessfulSends,
    bool Verified,
    double Seconds,
    long Pulls,
    long InconsistentPulls,
    IReadOnlyDictionary<string, long> ErrorsByCode,
    IReadOnlyList<string> AbandonedQueues,
    string? Note)
{
    public static ConsumeSummary From(ConsumeOutcome o, long successfulSends, long unansweredSends) => new(
        o.Tps,
        o.Consumed,
        o.Expected,
        successfulSends,
        o.Consumed == successfulSends && o.Expected == successfulSends && o.Abandoned.Count == 0,
        o.Duration.TotalSeconds,
        o.Pulls,
        o.Inconsistent,
        CodeNames.Name(o.Errors),
        o.Abandoned,
        Explain(o, successfulSends, unansweredSends));

    /// <summary>A send that timed out or lost its connection may still have been stored; say so rather than leave a bare mismatch.</summary>
    private static string? Explain(ConsumeOutcome o, long successfulSends, long unansweredSends)
    {
        var extra = o.Consumed - successfulSends;
        if (extra > 0 && extra <= unansweredSends)
        {
            return FormattableString.Invariant(
                $"{extra:N0} more than acknowledged; {unansweredSends:N0} sends got no answer (timeout or lost connection) and may have been stored");
        }
        if (o.Consumed != o.Expected)
        {
            return FormattableString.Invariant($"offsets advanced by {o.Expected:N0} but {o.Consumed:N0} records came back");
        }
        return null;
    }
}

public sealed record GatewaySummary(int Pid, double PeakRssMb, double MaxSampledRssMb);

/// <summary>Response codes as "17 TOPIC_NOT_EXIST"-style names for the report.</summary>
public static class CodeNames
{
    public static IReadOnlyDictionary<string, long> Name(IReadOnlyDictionary<int, long> byCode) =>
        byCode.ToDictionary(kv => Describe(kv.Key), kv => kv.Value);

    public static string Describe(int code) => code switch
    {
        Transport.RemotingResponse.Timeout => "TIMEOUT (no response in time)",
        Transport.RemotingResponse.ConnectionLost => "CONNECTION_LOST",
        _ => Enum.IsDefined(typeof(Protocol.ResponseCode), code) ? $"{code} {(Protocol.ResponseCode)code}" : code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
