using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;

namespace EventBroker.Gateway.Observability;

/// <summary>
/// The gateway's instruments (meter <see cref="MeterName"/>). The send and pull paths call the Record methods once per
/// request; their tag arrays are cached per (topic, result) so that recording allocates nothing after the first time.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "EventBroker.Gateway";

    /// <summary>Past this many distinct topics, new ones are counted under <see cref="OtherTopic"/>: a topic-per-request client must not grow the scrape without bound.</summary>
    internal const int MaxTopics = 2000;

    internal const string OtherTopic = "_other";

    private readonly Counter<long> _sends;
    private readonly Counter<long> _sentMessages;
    private readonly Counter<long> _pulls;
    private readonly Counter<long> _pulledMessages;
    private readonly Counter<long> _timerScheduled;
    private readonly Counter<long> _timerDelivered;
    private readonly Histogram<double> _sendDuration;
    private readonly Histogram<double> _storeAppendDuration;
    private readonly Histogram<double> _routingDuration;
    private readonly ConcurrentDictionary<(string Topic, int Code), KeyValuePair<string, object?>[]> _tags = new();
    private readonly ConcurrentDictionary<string, KeyValuePair<string, object?>[]> _topicTags = new(StringComparer.Ordinal);

    public GatewayMetrics(ConnectionRegistry connections, AppendSignals signals, ConsumerLagProbe lag, TimerBacklog timerBacklog)
    {
        Meter = new Meter(MeterName);
        _sends = Meter.CreateCounter<long>("eventbroker.send.requests", "{request}", "Send requests (single and batch) by topic and result code");
        _sentMessages = Meter.CreateCounter<long>("eventbroker.sent.messages", "{message}", "Messages stored by sends, by topic");
        _pulls = Meter.CreateCounter<long>("eventbroker.pull.requests", "{request}", "Pull requests answered, by topic and result code");
        _pulledMessages = Meter.CreateCounter<long>("eventbroker.pulled.messages", "{message}", "Messages delivered by pulls, by topic");
        _timerScheduled = Meter.CreateCounter<long>("eventbroker.timer.scheduled", "{message}", "Timer messages (TIMER_DELIVER_MS / TIMER_DELAY_*) put into the timer wheel, by real topic");
        _timerDelivered = Meter.CreateCounter<long>("eventbroker.timer.delivered", "{message}", "Timer messages the wheel delivered to their real topic, by topic");
        _sendDuration = Meter.CreateHistogram<double>("eventbroker.send.duration", "s", "Time from a send request's dispatch to its response");
        _storeAppendDuration = Meter.CreateHistogram<double>("eventbroker.store.append.duration", "s", "Time the message store takes to append a send's messages");
        _routingDuration = Meter.CreateHistogram<double>("eventbroker.routing.duration", "s", "Round trips to the routing store (Redis or in-process) made by the readiness and lag probes");
        Meter.CreateObservableGauge("eventbroker.connections", () => CountByLanguage(connections), "{connection}", "Open remoting connections by client language");
        Meter.CreateObservableGauge("eventbroker.pulls.parked", () => signals.ParkedCount, "{request}", "Long-polling pulls parked waiting for messages");
        Meter.CreateObservableGauge("eventbroker.timer.pending", timerBacklog.Observe, "{message}",
            "Timer messages due this minute (or overdue) that the wheel has read and not delivered yet, by logical broker (lease holder only)");
        lag.RoutingTimed = RecordRouting;
        Meter.CreateObservableGauge("eventbroker.consumer.lag", lag.Observe, "{message}", "Messages not yet consumed, by group and topic (computed at most every few seconds, capped in cost)");
    }

    public Meter Meter { get; }

    /// <summary>One send request answered: counted by its topic and response code, and timed.</summary>
    public void RecordSend(string topic, int code, long startTimestamp)
    {
        var tags = TagsFor(topic, code);
        _sends.Add(1, tags);
        _sendDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, tags);
    }

    /// <summary>Messages a send stored (a batch stores several).</summary>
    public void RecordStored(string topic, int messages) => _sentMessages.Add(messages, TopicTags(topic));

    /// <summary>One pull request answered (after any long-poll wait, which is why it is not timed).</summary>
    public void RecordPull(string topic, int code) => _pulls.Add(1, TagsFor(topic, code));

    public void RecordPulled(string topic, int messages) => _pulledMessages.Add(messages, TopicTags(topic));

    /// <summary>A timer message entered the wheel; pending = scheduled - delivered, summed over the cluster's gateways.</summary>
    public void RecordTimerScheduled(string realTopic) => _timerScheduled.Add(1, TopicTags(realTopic));

    public void RecordTimerDelivered(string topic, int messages) => _timerDelivered.Add(messages, TopicTags(topic));

    public void RecordStoreAppend(long startTimestamp) =>
        _storeAppendDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);

    public void RecordRouting(long startTimestamp, bool ok) =>
        _routingDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, new KeyValuePair<string, object?>("result", ok ? "ok" : "unavailable"));

    private ReadOnlySpan<KeyValuePair<string, object?>> TagsFor(string topic, int code)
    {
        if (_tags.TryGetValue((topic, code), out var tags))
        {
            return tags;
        }
        // A topic holds one entry per result code it has seen: a handful each.
        var name = _tags.Count >= MaxTopics * 4 ? OtherTopic : topic;
        return _tags.GetOrAdd((name, code), static key =>
            [new("topic", key.Topic), new("result", ResultName(key.Code))]);
    }

    private ReadOnlySpan<KeyValuePair<string, object?>> TopicTags(string topic)
    {
        if (_topicTags.TryGetValue(topic, out var tags))
        {
            return tags;
        }
        var name = _topicTags.Count >= MaxTopics ? OtherTopic : topic;
        return _topicTags.GetOrAdd(name, static t => [new("topic", t)]);
    }

    /// <summary>RocketMQ's response code names in lower case (success, topic_not_exist, …), or the number for a code not in the enum.</summary>
    internal static string ResultName(int code) => Enum.IsDefined((ResponseCode)code)
        ? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(((ResponseCode)code).ToString())
        : code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<Measurement<int>> CountByLanguage(ConnectionRegistry connections)
    {
        Span<int> counts = stackalloc int[256];
        foreach (var connection in connections.All)
        {
            counts[(byte)connection.Language]++;
        }
        var result = new List<Measurement<int>>();
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                result.Add(new Measurement<int>(counts[i], new KeyValuePair<string, object?>("language", ((LanguageCode)i).ToString())));
            }
        }
        return result;
    }

    public void Dispose() => Meter.Dispose();
}
