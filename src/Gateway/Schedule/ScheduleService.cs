using System.Globalization;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Protocol.Messages;
using EventBroker.Routing;

namespace EventBroker.Gateway.Schedule;

/// <summary>
/// Delivers delayed messages when due: one loop per (logical broker, delay level) reads its SCHEDULE_TOPIC_XXXX
/// queue in order — all of a level's messages share one delay, so they fall due in store order — and re-puts each
/// due message to its REAL_TOPIC/REAL_QID without DELAY. Progress per level is a consumer offset of the group
/// <c>%SCHEDULE%{broker}</c>, so a restart or a new lease holder resumes; a re-put after a crash is stored once
/// (derived event ids). Runs only while this gateway holds the "schedule" lease.
/// </summary>
public sealed partial class ScheduleService(
    QueueStore queues,
    AppendSignals signals,
    IRoutingStore routing,
    DelayLevels delays,
    BrokerTopology topology,
    LeaseKeeper leases,
    BrokerStats stats,
    TimeProvider time,
    ILogger<ScheduleService> logger) : BackgroundService
{
    public const string LeaseName = "schedule";
    private const int BatchSize = 32;

    public static string ProgressGroup(LogicalBroker broker) => "%SCHEDULE%" + broker.Name;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = new List<Task>();
        foreach (var broker in topology.Brokers)
        {
            for (var level = 1; level <= delays.MaxLevel; level++)
            {
                var (b, l) = (broker, level);
                loops.Add(Task.Run(() => RunLevelAsync(b, l, stoppingToken), CancellationToken.None));
            }
        }
        return Task.WhenAll(loops);
    }

    private async Task RunLevelAsync(LogicalBroker broker, int level, CancellationToken stop)
    {
        var stream = queues.StreamName(broker, DelayLevels.ScheduleTopic, level - 1);
        var delayMs = (long)delays.Delay(level).TotalMilliseconds;
        long? offset = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!leases.IsHeld(LeaseName))
                {
                    offset = null; // another gateway may move it meanwhile: re-read when we get the lease
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stop).ConfigureAwait(false);
                    continue;
                }
                offset ??= await BrokerProgress.ReadAsync(routing, topology, broker, ProgressGroup(broker), DelayLevels.ScheduleTopic, level - 1, stop).ConfigureAwait(false) ?? 0;
                var (next, wait) = await DeliverDueAsync(broker, stream, offset.Value, delayMs, stop).ConfigureAwait(false);
                if (next != offset)
                {
                    offset = next;
                    await routing.CommitOffsetAsync(broker.Name, ProgressGroup(broker), DelayLevels.ScheduleTopic, level - 1, next, stop).ConfigureAwait(false);
                }
                if (wait > TimeSpan.Zero)
                {
                    using var waiter = signals.Register(stream, next);
                    try
                    {
                        await waiter.Signaled.WaitAsync(wait, time, stop).ConfigureAwait(false);
                    }
                    catch (TimeoutException)
                    {
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogLevelFailed(ex, broker.Name, level);
                offset = null;
                await Task.Delay(TimeSpan.FromSeconds(1), time, stop).ConfigureAwait(false);
            }
        }
    }

    /// <returns>The new progress offset and how long to wait before looking again (zero: look again now).</returns>
    private async Task<(long Next, TimeSpan Wait)> DeliverDueAsync(LogicalBroker broker, string stream, long offset, long delayMs, CancellationToken ct)
    {
        using var batch = await queues.Store.ReadForwardAsync(stream, offset, BatchSize, 4 * 1024 * 1024, ct).ConfigureAwait(false);
        if (batch.Count == 0)
        {
            // Retention may have removed what we had not delivered yet; never stay below the first offset.
            return (Math.Max(offset, batch.Bounds.FirstRevision), TimeSpan.FromSeconds(5));
        }
        var next = offset;
        for (var i = 0; i < batch.Count; i++)
        {
            var entry = batch.Entries[i];
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var due = entry.TimestampMs + delayMs;
            if (due > now)
            {
                return (next, TimeSpan.FromMilliseconds(Math.Min(due - now, 5000)));
            }
            await DeliverAsync(broker, batch.GetData(i), entry.EventId, now, ct).ConfigureAwait(false);
            next = entry.Revision + 1;
        }
        return (next, TimeSpan.Zero);
    }

    private async Task DeliverAsync(LogicalBroker broker, ReadOnlyMemory<byte> record, Guid eventId, long now, CancellationToken ct)
    {
        var message = DecodedMessage.Decode(record.Span);
        var realTopic = message.GetProperty(MessageConst.RealTopic);
        if (realTopic is null || !int.TryParse(message.GetProperty(MessageConst.RealQid), NumberStyles.Integer, CultureInfo.InvariantCulture, out var realQueue))
        {
            LogUndeliverable(message.OffsetMsgId);
            return;
        }
        message.Topic = realTopic;
        message.QueueId = realQueue;
        message.Properties.Remove(MessageConst.Delay);
        // A delay level overrides TIMER_* requests, which RocketMQ 5 removes from such a message
        // (HookUtils.checkIfTimerMessage); they would only mislead a consumer about when it was due.
        message.Properties.Remove(MessageConst.TimerDeliverMs);
        message.Properties.Remove(MessageConst.TimerDelaySec);
        message.Properties.Remove(MessageConst.TimerDelayMs);
        var appended = Redelivery.Build(message, eventId, "scheduled", now, broker.StoreHost);
        await queues.Store.AppendAsync(queues.StreamName(broker, realTopic, realQueue), new[] { appended }, null, ct).ConfigureAwait(false);
        stats.RecordPut(realTopic, 1);
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Delay level {Level} of {Broker}: delivery failed, retrying in 1 s")]
    private partial void LogLevelFailed(Exception ex, string broker, int level);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Delayed message {MsgId} has no REAL_TOPIC/REAL_QID and cannot be delivered; skipped")]
    private partial void LogUndeliverable(string msgId);
}
