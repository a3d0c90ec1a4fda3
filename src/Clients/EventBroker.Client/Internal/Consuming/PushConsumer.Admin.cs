using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using EventBroker.Protocol;
using EventBroker.Protocol.Json;
using WireQueue = EventBroker.Protocol.Bodies.MessageQueue;

namespace EventBroker.Client.Internal.Consuming;

/// <summary>
/// What brokers and admin tools ask a consumer through the broker: its running state (307), its offsets (221), to
/// consume one message now (309), and to reset its offsets (220). Bodies are fastjson, as the Java client writes them.
/// </summary>
internal sealed partial class PushConsumer
{
    /// <summary>ConsumerRunningInfo: properties, subscriptions and one ProcessQueueInfo per assigned queue.</summary>
    public byte[] RunningInfo(RemotingCommand request)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["consumerGroup"] = Group,
            ["messageModel"] = Subscriptions.ToWire(_options.MessageModel).ToString(),
            ["consumeFromWhere"] = Subscriptions.ToWire(_options.ConsumeFromWhere).ToString(),
            ["consumeThreadMin"] = Text(_options.ConsumeConcurrency),
            ["pullBatchSize"] = Text(_options.PullBatchSize),
            ["maxReconsumeTimes"] = Text(_options.MaxReconsumeTimes),
            ["allocateMessageQueueStrategy"] = _options.AllocateStrategy.Name,
            ["PROP_NAMESRV_ADDR"] = string.Join(";", _instance.NameServers.Addresses),
            ["PROP_CONSUME_TYPE"] = "CONSUME_PASSIVELY",
            ["PROP_CLIENT_VERSION"] = "V4_9_4",
            ["PROP_CONSUMEORDERLY"] = _options.ConsumeOrderly ? "true" : "false",
            ["PROP_THREADPOOL_CORE_SIZE"] = Text(_options.ConsumeConcurrency),
            ["PROP_CONSUMER_START_TIMESTAMP"] = Text(_startedAt.ToUnixTimeMilliseconds()),
        };
        var buffer = new ArrayBufferWriter<byte>(1024);
        var writer = new FastJsonWriter(buffer);
        writer.WriteStartObject();
        writer.WritePropertyName("mqTable");
        writer.WriteStartObject();
        foreach (var (queue, process) in _queues.OrderBy(e => e.Key))
        {
            WireQueue.MapKey.Write(writer, new WireQueue(queue.Topic, queue.BrokerName, queue.QueueId));
            WriteProcessQueueInfo(writer, queue, process);
        }
        writer.WriteEndObject();
        writer.WritePropertyName("properties");
        writer.WriteMap(properties, static (w, v) => w.WriteString(v), JavaMapShape.HashMap);
        writer.WritePropertyName("subscriptionSet");
        // A TreeSet ordered by SubscriptionData.compareTo: topic + "@" + subString.
        writer.WriteList(_subscriptions.Values.OrderBy(s => s.Topic + "@" + s.SubString, StringComparer.Ordinal), static (w, s) => s.WriteJson(w));
        writer.WriteEndObject();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>GetConsumerStatusBody: this member's offsets of the topic asked about.</summary>
    public byte[] ConsumerStatus(RemotingCommand request)
    {
        var topic = request.GetExt("topic");
        var offsets = new Dictionary<WireQueue, long>();
        foreach (var queue in _queues.Keys)
        {
            if (topic is null || queue.Topic == topic)
            {
                offsets[new WireQueue(queue.Topic, queue.BrokerName, queue.QueueId)] = _offsets.ReadFromMemory(queue);
            }
        }
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new FastJsonWriter(buffer);
        writer.WriteStartObject();
        writer.WritePropertyName("consumerTable");
        writer.WriteStartObject();
        writer.WriteEndObject();
        writer.WritePropertyName("messageQueueTable");
        writer.WriteMap(offsets, WireQueue.MapKey, static (w, offset) => w.WriteNumber(offset), JavaMapShape.HashMap);
        writer.WriteEndObject();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>consumeMessageDirectly: the handler runs on the message at once; nothing is committed or sent back.</summary>
    public async Task<byte[]> ConsumeDirectlyAsync(ReceivedMessage message)
    {
        var started = Stopwatch.GetTimestamp();
        string outcome;
        string? remark = null;
        try
        {
            MessageDecoding.RestoreRetryTopic(message, Group);
            var result = await _context.Handler(message, _context.HandlerToken).ConfigureAwait(false);
            outcome = result.IsSuccess ? "CR_SUCCESS" : "CR_LATER";
        }
        catch (Exception ex)
        {
            outcome = "CR_THROW_EXCEPTION";
            remark = ex.ToString();
        }
        var buffer = new ArrayBufferWriter<byte>(128);
        var writer = new FastJsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteProperty("autoCommit", true);
        writer.WriteProperty("consumeResult", outcome);
        writer.WriteProperty("order", _options.ConsumeOrderly);
        writer.WriteProperty("remark", remark);
        writer.WriteProperty("spentTimeMills", (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        writer.WriteEndObject();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// resetOffset (an admin's resetOffsetByTime): pulling pauses, the topic's queues are dropped with what they cached,
    /// the new offsets are committed, and rebalancing re-adds the queues from there.
    /// </summary>
    public async Task ResetOffsetsAsync(string topic, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var table = FastJsonReader.Parse(body.Span)["offsetTable"];
        if (table is null)
        {
            return;
        }
        _paused = true;
        try
        {
            foreach (var process in _queues.Values.Where(p => p.Queue.Topic == topic))
            {
                process.Dropped = true;
                process.Clear();
            }
            foreach (var member in table.Members)
            {
                var wire = member.Key.ToBody<WireQueue>();
                var queue = new MessageQueue(wire.Topic, wire.BrokerName, wire.QueueId);
                _offsets.Update(queue, member.Value.GetInt64(), increaseOnly: false);
                await _offsets.PersistAsync(queue, cancellationToken).ConfigureAwait(false);
            }
            foreach (var queue in _queues.Keys.Where(q => q.Topic == topic))
            {
                _queues.TryRemove(queue, out _);
            }
        }
        finally
        {
            _paused = false;
        }
        _instance.RebalanceSoon();
    }

    private void WriteProcessQueueInfo(FastJsonWriter writer, MessageQueue queue, ProcessQueue process)
    {
        var (min, max) = process.OffsetRange;
        var consuming = process.ConsumingRange;
        writer.WriteStartObject();
        writer.WriteProperty("cachedMsgCount", process.Count);
        writer.WriteProperty("cachedMsgMaxOffset", max);
        writer.WriteProperty("cachedMsgMinOffset", min);
        writer.WriteProperty("cachedMsgSizeInMiB", (int)(process.SizeBytes / (1024 * 1024)));
        writer.WriteProperty("commitOffset", _offsets.ReadFromMemory(queue));
        writer.WriteProperty("droped", process.Dropped);
        writer.WriteProperty("lastConsumeTimestamp", process.LastConsume.ToUnixTimeMilliseconds());
        writer.WriteProperty("lastLockTimestamp", process.LastLock.ToUnixTimeMilliseconds());
        writer.WriteProperty("lastPullTimestamp", process.LastPull.ToUnixTimeMilliseconds());
        writer.WriteProperty("locked", process.Locked);
        writer.WriteProperty("transactionMsgCount", consuming.Count);
        writer.WriteProperty("transactionMsgMaxOffset", consuming.Max);
        writer.WriteProperty("transactionMsgMinOffset", consuming.Min);
        // Locks are released once, when the queue is idle; there are no unlock retries to count.
        writer.WriteProperty("tryUnlockTimes", 0L);
        writer.WriteEndObject();
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
