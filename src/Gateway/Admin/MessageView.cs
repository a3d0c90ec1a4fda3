using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Admin;

public sealed record MessageSummary(
    string MsgId, string OffsetMsgId, string Topic, int QueueId, long QueueOffset, string? Tags, string? Keys,
    long BornTimestamp, long StoreTimestamp, int BodySize);

public sealed record MessageDetail(
    string MsgId, string OffsetMsgId, string Topic, int QueueId, long QueueOffset, string? Tags, string? Keys,
    long BornTimestamp, long StoreTimestamp, string BornHost, string StoreHost, int ReconsumeTimes, int SysFlag,
    IReadOnlyDictionary<string, string> Properties, string Body);

public sealed record MessageQueryResult(IReadOnlyList<MessageSummary> Messages, int Scanned, bool Truncated);

/// <summary>Message look-ups for the messages page: by msgId, by key, by topic and time range.</summary>
public sealed class MessageView(TopicService topics, QueueStore queues, MessageScanner scanner, BrokerTopology topology)
{
    public const int MaxResults = 200;

    /// <summary>By key (any of the message's KEYS) or, without a key, every message in the time range; newest last.</summary>
    public async Task<(MessageQueryResult? Result, string? Problem)> QueryAsync(string? topic, string? key, long? begin, long? end, int? max, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(topic))
        {
            return (null, "'topic' is required; add 'key' to find messages by key, or 'begin'/'end' (ms since the epoch) for a time range");
        }
        var config = await topics.GetAsync(topic, ct).ConfigureAwait(false);
        if (config is null)
        {
            return (null, $"topic '{topic}' does not exist");
        }
        var beginMs = begin ?? 0;
        var endMs = end is > 0 ? end.Value : long.MaxValue;
        if (endMs < beginMs)
        {
            return (null, $"'end' ({endMs}) is before 'begin' ({beginMs})");
        }
        var limit = Math.Clamp(max ?? 50, 1, MaxResults);
        var found = new List<MessageSummary>();
        var scanned = 0;
        var truncated = false;
        foreach (var broker in topology.Brokers)
        {
            scanned += await scanner.ScanAsync(broker, topic, Math.Max(config.ReadQueueNums, config.WriteQueueNums), beginMs, endMs,
                MessageScanner.MaxScannedPerQuery - scanned, (record, in entry, _) =>
                {
                    if (!string.IsNullOrEmpty(key) && !MessageScanner.Matches(record, key, byUniqueKey: false))
                    {
                        return true;
                    }
                    if (found.Count >= limit)
                    {
                        truncated = true;
                        return false;
                    }
                    found.Add(Summarize(Decode(record, entry.Revision, entry.Position)));
                    return true;
                }, ct).ConfigureAwait(false);
        }
        truncated |= scanned >= MessageScanner.MaxScannedPerQuery;
        return (new MessageQueryResult([.. found.OrderBy(m => m.StoreTimestamp)], scanned, truncated), null);
    }

    /// <summary>
    /// By an offsetMsgId (store host + commit-log offset) directly; otherwise as a client msgId (UNIQ_KEY), which
    /// needs the topic to scan.
    /// </summary>
    public async Task<(MessageDetail? Message, string? Problem)> GetAsync(string msgId, string? topic, CancellationToken ct)
    {
        if (MessageId.TryDecodeOffsetMsgId(msgId, out _, out var position))
        {
            var stored = await queues.Store.ReadByPositionAsync(position, ct).ConfigureAwait(false);
            if (stored is not null)
            {
                return (Detail(Decode(stored.Data.Span, stored.Revision, stored.Position)), null);
            }
        }
        if (string.IsNullOrEmpty(topic))
        {
            return (null, null);
        }
        var found = await FindByUniqueKeyAsync(topic, msgId, ct).ConfigureAwait(false);
        return (found is null ? null : Detail(found), null);
    }

    /// <summary>The stored message with this client msgId (UNIQ_KEY) on the topic, or null.</summary>
    public async Task<DecodedMessage?> FindByUniqueKeyAsync(string topic, string msgId, CancellationToken ct)
    {
        var config = await topics.GetAsync(topic, ct).ConfigureAwait(false);
        if (config is null)
        {
            return null;
        }
        DecodedMessage? found = null;
        foreach (var broker in topology.Brokers)
        {
            await scanner.ScanAsync(broker, topic, Math.Max(config.ReadQueueNums, config.WriteQueueNums), 0, long.MaxValue,
                MessageScanner.MaxScannedPerQuery, (record, in entry, _) =>
                {
                    if (!MessageScanner.Matches(record, msgId, byUniqueKey: true))
                    {
                        return true;
                    }
                    found = Decode(record, entry.Revision, entry.Position);
                    return false;
                }, ct).ConfigureAwait(false);
            if (found is not null)
            {
                break;
            }
        }
        return found;
    }

    internal static DecodedMessage Decode(ReadOnlySpan<byte> record, long revision, long position)
    {
        var message = DecodedMessage.Decode(record);
        message.QueueOffset = revision;
        message.CommitLogOffset = position;
        return message;
    }

    private static MessageSummary Summarize(DecodedMessage m) =>
        new(m.MsgId, m.OffsetMsgId, m.Topic, m.QueueId, m.QueueOffset, m.Tags, m.Keys, m.BornTimestamp, m.StoreTimestamp, m.Body.Length);

    /// <summary>The body is base64: the dashboard shows it as text, pretty JSON or hex.</summary>
    private static MessageDetail Detail(DecodedMessage m) =>
        new(m.MsgId, m.OffsetMsgId, m.Topic, m.QueueId, m.QueueOffset, m.Tags, m.Keys, m.BornTimestamp, m.StoreTimestamp,
            m.BornHost.ToString(), m.StoreHost.ToString(), m.ReconsumeTimes, m.SysFlag,
            new SortedDictionary<string, string>(m.Properties, StringComparer.Ordinal), Convert.ToBase64String(m.Body));
}

internal static class MessageEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/messages", async (MessageView view, string? topic, string? key, long? begin, long? end, int? max, CancellationToken ct) =>
            {
                var (result, problem) = await view.QueryAsync(topic, key, begin, end, max, ct).ConfigureAwait(false);
                return problem is not null ? AdminApi.Invalid(problem) : Results.Ok(result);
            })
            .WithSummary("Messages of 'topic' with 'key' among their KEYS, or all in [begin, end] (ms since the epoch); at most 'max' (50, up to 200). The store keeps no key index: at most 200,000 messages are scanned.");
        api.MapGet("/messages/{msgId}", async (MessageView view, string msgId, string? topic, CancellationToken ct) =>
            {
                var (message, problem) = await view.GetAsync(msgId, topic, ct).ConfigureAwait(false);
                if (problem is not null)
                {
                    return AdminApi.Invalid(problem);
                }
                return message is not null
                    ? Results.Ok(message)
                    : AdminApi.NotFound(string.IsNullOrEmpty(topic)
                        ? $"no message has offsetMsgId '{msgId}'; if it is a client msgId (UNIQ_KEY), give ?topic= to look it up on that topic"
                        : $"no message with msgId '{msgId}' on topic '{topic}'");
            })
            .WithSummary("One message by offsetMsgId, or by client msgId (UNIQ_KEY) with ?topic=: properties and body (base64).");
        api.MapPost("/messages/resend", async (MessageResend resend, ResendRequest body, CancellationToken ct) =>
            {
                var (result, problem, missing) = await resend.ResendAsync(body, ct).ConfigureAwait(false);
                return problem is not null ? (missing ? AdminApi.NotFound(problem) : AdminApi.Invalid(problem)) : Results.Ok(result);
            })
            .WithSummary("Delivers a stored message again to one consumer group, through the group's retry topic (the group's consumers receive it with its original topic).");
    }

}
