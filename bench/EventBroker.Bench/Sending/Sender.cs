using System.Diagnostics;
using EventBroker.Bench.Metrics;
using EventBroker.Bench.Transport;

namespace EventBroker.Bench.Sending;

/// <summary>
/// A synchronous producer: one SEND_MESSAGE_V2 in flight, the next one only after the response, queues taken
/// round-robin, as DefaultMQProducer.send(msg) does. Counters are written by this sender only and read racily
/// by the progress line, which is fine for a display.
/// </summary>
public sealed class Sender
{
    private readonly RemotingClient _client;
    private readonly RequestSlot _slot;
    private readonly SendFrameTemplate[] _templates;
    private readonly SendClock _clock;
    private int _queue;

    public Sender(int id, RemotingClient client, SendFrameTemplate[] templates, SendClock clock)
    {
        _client = client;
        _slot = client.CreateSlot(decodeFully: false);
        _templates = templates;
        _clock = clock;
        _queue = id % templates.Length;
    }

    public LatencyHistogram Histogram { get; } = new();

    /// <summary>Stored messages, warm-up included: what the consumer must find.</summary>
    public long StoredTotal { get; private set; }

    /// <summary>Stored messages sent inside the measured window.</summary>
    public long StoredMeasured { get; private set; }

    public long FailedMeasured { get; private set; }

    /// <summary>All failures, warm-up included; readable while the sender runs, unlike <see cref="Errors"/>.</summary>
    public long FailedTotal { get; private set; }

    /// <summary>Failures of the whole run by response code (negative: timeout or lost connection).</summary>
    public Dictionary<int, long> Errors { get; } = new();

    public string? FirstErrorRemark { get; private set; }

    public async Task RunAsync()
    {
        while (!_clock.IsOver)
        {
            var started = Stopwatch.GetTimestamp();
            var response = await _client.SendAsync(_slot, _templates[_queue]).ConfigureAwait(false);
            var elapsed = Stopwatch.GetTimestamp() - started;
            _queue = (_queue + 1) % _templates.Length;
            var measured = started >= _clock.MeasureStart;

            if (RequestSlot.IsStored(response.Code))
            {
                StoredTotal++;
                if (measured)
                {
                    StoredMeasured++;
                    Histogram.Record(SendClock.TicksToMicros(elapsed));
                }
                continue;
            }

            RecordFailure(response, measured);
            if (response.Code == RemotingResponse.ConnectionLost)
            {
                return;
            }
        }
    }

    private void RecordFailure(RemotingResponse response, bool measured)
    {
        using var command = response.Command.Value;
        Errors[response.Code] = Errors.GetValueOrDefault(response.Code) + 1;
        FailedTotal++;
        FirstErrorRemark ??= command?.Remark ?? DescribeSynthetic(response.Code);
        if (measured)
        {
            FailedMeasured++;
        }
    }

    public static string DescribeSynthetic(int code) => code switch
    {
        RemotingResponse.Timeout => "no response within the request timeout",
        RemotingResponse.ConnectionLost => "connection lost",
        _ => $"response code {code}",
    };
}
