using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace EventBroker.Gateway.Observability;

/// <summary>
/// Listens to one gateway's meter and keeps every series in memory for the Prometheus scrape. Listening to the meter
/// instance rather than its name keeps gateways that share a process (tests) apart.
/// </summary>
public sealed class MetricsAggregator : IDisposable
{
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();
    private readonly Lock _collect = new();

    public MetricsAggregator(GatewayMetrics metrics)
        : this(metrics.Meter)
    {
    }

    internal MetricsAggregator(Meter meter)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && InstrumentSeries.KindOf(instrument) is { } kind)
                {
                    var series = _instruments.GetOrAdd(instrument, i => new InstrumentSeries(i, kind));
                    listener.EnableMeasurementEvents(instrument, series);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Runs the observable instruments' callbacks and returns every instrument's series, ordered by name.</summary>
    internal IReadOnlyList<InstrumentSeries> Collect()
    {
        lock (_collect)
        {
            foreach (var series in _instruments.Values)
            {
                // A gauge reports what exists now: a language with no connections left must disappear.
                series.ResetIfObservable();
            }
            _listener.RecordObservableInstruments();
            return [.. _instruments.Values.OrderBy(s => s.Instrument.Name, StringComparer.Ordinal)];
        }
    }

    public void Dispose() => _listener.Dispose();
}

/// <summary>The series of one instrument, keyed by their tag sets.</summary>
internal sealed class InstrumentSeries
{
    private readonly ConcurrentDictionary<TagSet, MetricSeries> _series = new(TagSetComparer.Instance);
    private readonly ConcurrentDictionary<TagSet, MetricSeries>.AlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>> _lookup;

    public InstrumentSeries(Instrument instrument, MetricKind kind)
    {
        Instrument = instrument;
        Kind = kind;
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
    }

    public Instrument Instrument { get; }

    public MetricKind Kind { get; }

    public IEnumerable<KeyValuePair<TagSet, MetricSeries>> Series => _series;

    public static MetricKind? KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }
        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>))
        {
            return MetricKind.Counter;
        }
        if (definition == typeof(Histogram<>))
        {
            return MetricKind.Histogram;
        }
        return MetricKind.Gauge;
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_lookup.TryGetValue(tags, out var series))
        {
            var fresh = new MetricSeries(Kind == MetricKind.Histogram ? MetricSeries.Bounds.Length + 1 : 0);
            series = _lookup.TryAdd(tags, fresh) || !_lookup.TryGetValue(tags, out var existing) ? fresh : existing;
        }
        switch (Kind)
        {
            case MetricKind.Histogram:
                series.Observe(value);
                break;
            case MetricKind.Counter when Instrument.IsObservable:
            case MetricKind.Gauge when Instrument.IsObservable:
                series.Set(value);
                break;
            default:
                series.Add(value);
                break;
        }
    }

    public void ResetIfObservable()
    {
        if (Instrument.IsObservable)
        {
            _series.Clear();
        }
    }
}
