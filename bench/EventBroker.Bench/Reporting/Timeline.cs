namespace EventBroker.Bench.Reporting;

/// <summary>
/// What the run looked like second by second, for the progress lines and the charts: a summary hides a stall in
/// the middle of a run, a timeline shows it.
/// </summary>
public sealed class Timeline
{
    private readonly List<SendSample> _send = [];
    private readonly List<ConsumeSample> _consume = [];

    public IReadOnlyList<SendSample> Send => _send;
    public IReadOnlyList<ConsumeSample> Consume => _consume;

    public void Add(SendSample sample) => _send.Add(sample);

    public void Add(ConsumeSample sample) => _consume.Add(sample);
}

/// <summary>One second of the send phase: acknowledged sends per second and that second's latency percentiles.</summary>
/// <param name="Second">Seconds since the first send.</param>
/// <param name="Measuring">False during warm-up.</param>
/// <param name="P50Ms">Null when no latency was recorded that second (warm-up sends are not timed).</param>
public sealed record SendSample(double Second, bool Measuring, double Tps, double? P50Ms, double? P99Ms, double? MaxMs, long Errors, double? GatewayRssMb);

/// <summary>One second of the drain: records pulled per second.</summary>
public sealed record ConsumeSample(double Second, double Tps, long Consumed);
