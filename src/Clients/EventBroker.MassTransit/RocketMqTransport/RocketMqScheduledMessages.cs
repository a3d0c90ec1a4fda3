using System.Collections.Concurrent;
using EventBroker.Client;

namespace MassTransit.RocketMqTransport;

/// <summary>
/// The timer messages this process sent under a MassTransit scheduling token (SendContext.ScheduledMessageId), so that
/// <see cref="RocketMqScheduleMessageProvider"/> can cancel them: a RocketMQ cancel names the message's broker queue,
/// UNIQ_KEY and delivery time, none of which MassTransit's cancel call carries. Kept in memory: a cancel works from the
/// process that scheduled the message, until its delivery time (entries are dropped a minute after it).
/// </summary>
public static class RocketMqScheduledMessages
{
    static readonly ConcurrentDictionary<Guid, Entry> Entries = new();
    static int _recorded;

    /// <summary>Scheduled messages this process can still cancel.</summary>
    public static int Count => Entries.Count;

    internal static void RecordTimer(Guid token, DateTimeOffset deliverAt, IProducer producer, SendResult result)
    {
        var entry = Entries.GetOrAdd(token, static (_, at) => new Entry(at, delayLevel: false), deliverAt);
        lock (entry)
        {
            entry.Targets.Add((producer, result.Queue, result.MessageId));
        }
        Prune();
    }

    internal static void RecordDelayLevel(Guid token, DateTimeOffset dueAt)
    {
        Entries.TryAdd(token, new Entry(dueAt, delayLevel: true));
        Prune();
    }

    /// <summary>
    /// Cancels what was scheduled under <paramref name="token"/>. Nothing to do when the token is unknown (delivered,
    /// cancelled already, or scheduled by another process) or the broker says it is too late (already due).
    /// </summary>
    /// <exception cref="NotSupportedException">The message was scheduled with a delay level (UseTimerMessages = false).</exception>
    internal static async Task CancelAsync(Guid token, CancellationToken cancellationToken)
    {
        if (!Entries.TryGetValue(token, out var entry))
        {
            LogContext.Debug?.Log("No scheduled message {TokenId} to cancel in this process (delivered, cancelled, or scheduled elsewhere)", token);
            return;
        }
        if (entry.DelayLevel)
        {
            throw new NotSupportedException(
                $"The scheduled message {token} was sent with a RocketMQ delay level (UseTimerMessages = false), and a delay level cannot be cancelled: "
                + "the broker's schedule queue has no delete. Use timer messages (h.UseTimerMessages = true, the default; needs EventBroker or RocketMQ 5) to cancel scheduled messages.");
        }
        (IProducer Producer, MessageQueue Queue, string MessageId)[] targets;
        lock (entry)
        {
            targets = [.. entry.Targets];
        }
        foreach (var (producer, queue, messageId) in targets)
        {
            try
            {
                await producer.CancelScheduledAsync(queue, messageId, entry.DeliverAt, cancellationToken).ConfigureAwait(false);
            }
            catch (BrokerResponseException ex) when (ex.ResponseCode == 13)
            {
                // Already due: delivered or being delivered, as with any scheduler's cancel that comes too late.
                LogContext.Debug?.Log("Scheduled message {TokenId} was already due: {Reason}", token, ex.Message);
            }
        }
        Entries.TryRemove(token, out _);
    }

    /// <summary>Every 256 records, drops entries a minute past their delivery time (they can no longer be cancelled).</summary>
    static void Prune()
    {
        if (Interlocked.Increment(ref _recorded) % 256 != 0)
        {
            return;
        }
        var horizon = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1);
        foreach (var (token, entry) in Entries)
        {
            if (entry.DeliverAt < horizon)
            {
                Entries.TryRemove(token, out _);
            }
        }
    }

    sealed class Entry(DateTimeOffset deliverAt, bool delayLevel)
    {
        public DateTimeOffset DeliverAt { get; } = deliverAt;

        public bool DelayLevel { get; } = delayLevel;

        public List<(IProducer Producer, MessageQueue Queue, string MessageId)> Targets { get; } = [];
    }
}
