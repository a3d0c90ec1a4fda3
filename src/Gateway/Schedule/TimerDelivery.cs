using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Observability;
using EventBroker.Protocol.Messages;
using EventBroker.Storage;

namespace EventBroker.Gateway.Schedule;

/// <summary>
/// Puts one due timer message into its real queue. The event id derives from the wheel entry's (itself derived from
/// the producer's UNIQ_KEY), so a delivery repeated after a crash or by a new lease holder is stored once.
/// </summary>
public sealed partial class TimerDelivery(QueueStore queues, BrokerStats stats, GatewayMetrics metrics, ILogger<TimerDelivery> logger)
{
    public const string Purpose = "timer";

    private long _duplicates;

    private long _cancelled;

    /// <summary>Due entries skipped because a cancel marker (TIMER_DEL_UNIQKEY) in their slot named them.</summary>
    public long Cancelled => Interlocked.Read(ref _cancelled);

    /// <summary>Deliveries the store recognised as already done (re-deliveries after a crash or a lease move).</summary>
    public long DuplicatesSuppressed => Interlocked.Read(ref _duplicates);

    public async Task DeliverAsync(LogicalBroker broker, string stream, long revision, long nowMs, CancellationToken ct)
    {
        using var batch = await queues.Store.ReadForwardAsync(stream, revision, 1, int.MaxValue, ct).ConfigureAwait(false);
        if (batch.Count == 0 || batch.Entries[0].Revision != revision)
        {
            return; // the slot was finished and deleted meanwhile (by a previous lease holder)
        }
        await DeliverRecordAsync(broker, batch.Entries[0].EventId, batch.GetData(0), nowMs, ct, stream, revision).ConfigureAwait(false);
    }

    /// <summary>
    /// Delivers a wheel record from memory: the wheel's own path, and the send path's when the slot it appended to
    /// closed meanwhile (<see cref="TimerSlotFence"/>). <paramref name="entryEventId"/> is the wheel entry's id, so both
    /// paths store the delivery under the same derived id.
    /// </summary>
    public async Task DeliverRecordAsync(LogicalBroker broker, Guid entryEventId, ReadOnlyMemory<byte> record, long nowMs, CancellationToken ct,
        string stream = "(send)", long revision = -1)
    {
        DecodedMessage message;
        try
        {
            message = DecodedMessage.Decode(record.Span);
        }
        catch (FormatException)
        {
            LogUndeliverable(stream, revision, "the record does not decode");
            return;
        }
        if (IsCancelMarker(message))
        {
            return;
        }
        if (!TimerRouting.TryRestore(message, nowMs))
        {
            LogUndeliverable(stream, revision, "it has no REAL_TOPIC/REAL_QID");
            return;
        }
        var appended = Redelivery.Build(message, entryEventId, Purpose, nowMs, broker.StoreHost);
        var result = await queues.Store.AppendAsync(queues.StreamName(broker, message.Topic, message.QueueId), new[] { appended }, null, ct).ConfigureAwait(false);
        if (result.Events[0].WasDuplicate)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }
        stats.RecordPut(message.Topic, 1);
        metrics.RecordTimerDelivered(message.Topic, 1);
    }

    /// <summary>
    /// Delivers wheel entries given in due order: reads them in pages (a run of revisions is one read) and appends them
    /// grouped per real queue, at most <see cref="AppendEvents"/> events or <see cref="AppendBytes"/> per append,
    /// keeping due order within each queue. Event ids are derived as in <see cref="DeliverAsync"/>, so a chunk
    /// repeated after a crash is stored once. Entries no longer in their slot (finished by a previous holder) are skipped.
    /// </summary>
    /// <param name="cancelledIn">The keys (<c>{realTopic}+{UNIQ_KEY}</c>) cancelled in a slot stream, or null: entries named there are skipped.</param>
    public async Task DeliverBatchAsync(LogicalBroker broker, IReadOnlyList<(string Stream, long Revision)> inDueOrder, long nowMs, CancellationToken ct,
        Func<string, IReadOnlySet<string>?>? cancelledIn = null)
    {
        var messages = new (Guid EntryId, DecodedMessage? Message)[inDueOrder.Count];
        foreach (var group in Enumerable.Range(0, inDueOrder.Count).GroupBy(i => inDueOrder[i].Stream, StringComparer.Ordinal))
        {
            await ReadEntriesAsync(group.Key, group.OrderBy(i => inDueOrder[i].Revision).ToList(), inDueOrder, messages, ct).ConfigureAwait(false);
        }

        var perQueue = new Dictionary<string, (string Topic, List<EventToAppend> Events)>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Length; i++)
        {
            var (entryId, message) = messages[i];
            if (message is null || IsCancelMarker(message) || IsCancelled(message, cancelledIn?.Invoke(inDueOrder[i].Stream)))
            {
                continue;
            }
            if (!TimerRouting.TryRestore(message, nowMs))
            {
                LogUndeliverable("(batch)", -1, "it has no REAL_TOPIC/REAL_QID");
                continue;
            }
            var target = queues.StreamName(broker, message.Topic, message.QueueId);
            if (!perQueue.TryGetValue(target, out var pending))
            {
                perQueue[target] = pending = (message.Topic, []);
            }
            pending.Events.Add(Redelivery.Build(message, entryId, Purpose, nowMs, broker.StoreHost));
        }
        foreach (var (target, (topic, events)) in perQueue)
        {
            for (var from = 0; from < events.Count;)
            {
                var count = 0;
                var bytes = 0L;
                while (from + count < events.Count && count < AppendEvents && (count == 0 || bytes + events[from + count].Data.Length <= AppendBytes))
                {
                    bytes += events[from + count].Data.Length;
                    count++;
                }
                var result = await queues.Store.AppendAsync(target, events.GetRange(from, count).ToArray(), null, ct).ConfigureAwait(false);
                var stored = 0;
                foreach (var appended in result.Events)
                {
                    if (appended.WasDuplicate)
                    {
                        Interlocked.Increment(ref _duplicates);
                    }
                    else
                    {
                        stored++;
                    }
                }
                if (stored > 0)
                {
                    stats.RecordPut(topic, stored);
                    metrics.RecordTimerDelivered(topic, stored);
                }
                from += count;
            }
        }
    }

    /// <summary>A cancel marker (TIMER_DEL_UNIQKEY) only stops another entry; it never reaches a consumer.</summary>
    private static bool IsCancelMarker(DecodedMessage message) => message.GetProperty(MessageConst.TimerDelUniqKey) is not null;

    private bool IsCancelled(DecodedMessage message, IReadOnlySet<string>? cancelled)
    {
        if (cancelled is null || cancelled.Count == 0
            || message.GetProperty(MessageConst.RealTopic) is not { } realTopic || message.GetProperty(MessageConst.UniqKey) is not { } uniqKey
            || !cancelled.Contains(TimerRouting.CancelKey(realTopic, uniqKey)))
        {
            return false;
        }
        Interlocked.Increment(ref _cancelled);
        LogCancelled(realTopic, uniqKey);
        return true;
    }

    /// <summary>At most this many events per append of a batched delivery.</summary>
    public const int AppendEvents = 256;

    /// <summary>At most this much message data per append of a batched delivery.</summary>
    public const int AppendBytes = 1024 * 1024;

    /// <summary>Reads the entries at <paramref name="indexes"/> (sorted by revision) of one slot stream into <paramref name="messages"/>.</summary>
    private async Task ReadEntriesAsync(string stream, List<int> indexes, IReadOnlyList<(string Stream, long Revision)> entries,
        (Guid, DecodedMessage?)[] messages, CancellationToken ct)
    {
        var k = 0;
        while (k < indexes.Count)
        {
            var from = entries[indexes[k]].Revision;
            // A dense run of revisions is read in one page; scattered ones are read from where the next one is.
            var span = entries[indexes[^1]].Revision - from + 1;
            var count = (int)Math.Min(span, Math.Min(1024, indexes.Count - k + 64));
            using var batch = await queues.Store.ReadForwardAsync(stream, from, count, 4 * 1024 * 1024, ct).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                return; // the slot was finished and deleted meanwhile (by a previous lease holder)
            }
            for (var i = 0; i < batch.Count && k < indexes.Count; i++)
            {
                var revision = batch.Entries[i].Revision;
                while (k < indexes.Count && entries[indexes[k]].Revision < revision)
                {
                    k++; // gone (a truncated stream starts later): nothing to deliver
                }
                if (k < indexes.Count && entries[indexes[k]].Revision == revision)
                {
                    try
                    {
                        messages[indexes[k]] = (batch.Entries[i].EventId, DecodedMessage.Decode(batch.GetData(i).Span));
                    }
                    catch (FormatException)
                    {
                        LogUndeliverable(stream, revision, "the record does not decode");
                    }
                    k++;
                }
            }
            var last = batch.Entries[batch.Count - 1].Revision;
            while (k < indexes.Count && entries[indexes[k]].Revision <= last)
            {
                k++;
            }
        }
    }

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Timer message {UniqKey} of {Topic} cancelled (TIMER_DEL_UNIQKEY): not delivered")]
    private partial void LogCancelled(string topic, string uniqKey);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Timer message {Stream}@{Revision} cannot be delivered: {Reason}; skipped")]
    private partial void LogUndeliverable(string stream, long revision, string reason);
}
