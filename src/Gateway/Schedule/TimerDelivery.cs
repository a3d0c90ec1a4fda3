using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Observability;
using EventBroker.Protocol.Messages;

namespace EventBroker.Gateway.Schedule;

/// <summary>
/// Puts one due timer message into its real queue. The event id derives from the wheel entry's (itself derived from
/// the producer's UNIQ_KEY), so a delivery repeated after a crash or by a new lease holder is stored once.
/// </summary>
public sealed partial class TimerDelivery(QueueStore queues, BrokerStats stats, GatewayMetrics metrics, ILogger<TimerDelivery> logger)
{
    public const string Purpose = "timer";

    private long _duplicates;

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
        metrics.RecordTimerDelivered(message.Topic);
    }

    [LoggerMessage(EventId = 6102, Level = LogLevel.Error, Message = "Timer message {Stream}@{Revision} cannot be delivered: {Reason}; skipped")]
    private partial void LogUndeliverable(string stream, long revision, string reason);
}
