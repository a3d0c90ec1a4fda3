using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Text;
using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Gateway.Observability;
using EventBroker.Gateway.Schedule;
using EventBroker.Gateway.Transactions;
using EventBroker.Gateway.Transport;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;
using EventBroker.Storage;
using Microsoft.Extensions.Options;

namespace EventBroker.Gateway.Processing;

/// <summary>SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320).</summary>
public sealed class SendMessageProcessor(
    TopicService topics,
    GroupService groups,
    QueueStore queues,
    BrokerStats stats,
    DelayLevels delays,
    IOptions<BrokerOptions> options,
    GatewayMetrics metrics,
    TimerSlotFence timerFence,
    TimerDelivery timerDelivery,
    TimeProvider time)
{
    private const int MaxPropertiesLength = short.MaxValue;
    private readonly BrokerOptions _options = options.Value;

    public async ValueTask<RemotingCommand> SendAsync(RemotingCommand request, ClientConnection connection, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var header = SendMessageRequestHeader.Decode(request);
        var response = await SendAsync(request, header, connection, ct).ConfigureAwait(false);
        metrics.RecordSend(header.Topic, response.Code, started);
        return response;
    }

    private async ValueTask<RemotingCommand> SendAsync(RemotingCommand request, SendMessageRequestHeader header, ClientConnection connection, CancellationToken ct)
    {
        var broker = connection.Broker!;
        var isBatch = request.Code == (int)RequestCode.SendBatchMessage || header.Batch;

        if (Reject(request, header) is { } rejected)
        {
            return rejected;
        }
        var topic = await topics.GetOrAutoCreateForSendAsync(header.Topic, header.DefaultTopic, header.DefaultTopicQueueNums, ct).ConfigureAwait(false);
        if (topic is null)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.TopicNotExist,
                $"topic[{header.Topic}] not exist, apply first please! (autoCreateTopicEnable={_options.AutoCreateTopicEnable.ToString().ToLowerInvariant()})");
        }
        if (!Perm.IsWriteable(topic.Perm))
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.NoPermission, $"the topic[{header.Topic}] sending message is forbidden");
        }
        var queueId = header.QueueId;
        var validQueues = Math.Max(topic.WriteQueueNums, topic.ReadQueueNums);
        if (queueId < 0)
        {
            queueId = Random.Shared.Next(Math.Max(1, topic.WriteQueueNums));
        }
        else if (queueId >= validQueues)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError,
                $"request queueId[{queueId}] is illegal, topic {header.Topic} has {validQueues} queues. Producer: {connection.RemoteAddress}");
        }

        var batchProperties = header.Properties ?? "";
        var born = connection.RemoteIPEndPoint ?? new IPEndPoint(IPAddress.Loopback, 0);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();

        // Where the message is really stored: a retry past its max goes to the DLQ, a delayed one to its schedule
        // queue, a timer message due later to the timer wheel's slot of its due minute.
        var storeTopic = header.Topic;
        var storeQueueId = queueId;
        string? stream = null;
        long? timerSlot = null;
        var isCancel = false;
        if (!isBatch)
        {
            if (header.Topic.StartsWith(TopicService.RetryGroupTopicPrefix, StringComparison.Ordinal))
            {
                var dlq = await RetryTargetAsync(request, header, ct).ConfigureAwait(false);
                if (dlq.Error is not null)
                {
                    return dlq.Error;
                }
                if (dlq.Topic is not null)
                {
                    (storeTopic, storeQueueId) = (dlq.Topic, 0);
                }
            }
            var level = DelayRouting.LevelOf(batchProperties);
            var timer = TimerRequest.None;
            isCancel = TimerRouting.IsCancel(batchProperties);
            if (isCancel && (level > 0 || !TimerRouting.HasTimerProperty(batchProperties)))
            {
                // RocketMQ 5 would store such a message as an ordinary one and deliver it; a cancel must never reach consumers.
                return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal,
                    $"a cancel ({MessageConst.TimerDelUniqKey}) must carry the delivery time of the message it cancels in {MessageConst.TimerDeliverMs}, and no delay level (DELAY) or {MessageConst.TimerOutMs}");
            }
            // A delay level wins over TIMER_* properties, as in RocketMQ 5 (HookUtils.checkIfTimerMessage).
            if (level == 0 && TimerRouting.HasTimerProperty(batchProperties))
            {
                if (TransactionTopics.IsHalf(batchProperties, header.SysFlag) || (header.SysFlag & MessageSysFlag.TransactionMask) != 0)
                {
                    return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal,
                        "a transactional message cannot have a delivery time (TIMER_DELIVER_MS / TIMER_DELAY_SEC / TIMER_DELAY_MS); send it without one");
                }
                if (!_options.TimerWheelEnable)
                {
                    return RemotingCommand.CreateResponse(request, ResponseCode.SystemError,
                        "accurate timer message is not enabled, timerWheelEnable is false; send without TIMER_DELIVER_MS / TIMER_DELAY_SEC / TIMER_DELAY_MS or set Broker:timerWheelEnable=true");
                }
                timer = TimerRouting.Parse(batchProperties, now, _options.TimerMaxDelaySec);
                if (timer.Error is { } illegal)
                {
                    return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal, illegal);
                }
            }
            if (TransactionTopics.IsHalf(batchProperties, header.SysFlag))
            {
                // A half message: invisible to consumers until END_TRANSACTION commits it (or a check does).
                await topics.CreateSystemManagedAsync(TransactionTopics.Half, 1, ct).ConfigureAwait(false);
                (storeTopic, storeQueueId, batchProperties) = TransactionTopics.ToHalfQueue(header.Topic, queueId, batchProperties);
            }
            else if (level > 0 && storeTopic == header.Topic && (header.SysFlag & MessageSysFlag.TransactionMask) == 0)
            {
                await topics.CreateSystemManagedAsync(DelayLevels.ScheduleTopic, delays.MaxLevel, ct).ConfigureAwait(false);
                (storeTopic, storeQueueId, batchProperties) = DelayRouting.ToScheduleQueue(header.Topic, queueId, batchProperties, level, delays);
            }
            else if (timer.IsTimer && !timer.IsDueBy(now) && storeTopic == header.Topic
                && TimerSlots.SlotOf(timer.DueMs) >= await timerFence.OpenFromAsync(broker, TimerSlotFence.CacheFor, ct).ConfigureAwait(false))
            {
                // Due now or earlier, or in a slot the wheel has closed (its clock is ahead of ours): stored in its
                // topic at once (below), as RocketMQ 5 does with a due time in the past.
                await topics.CreateSystemManagedAsync(TimerSlots.TimerTopic, 1, ct).ConfigureAwait(false);
                (storeTopic, storeQueueId, batchProperties) = TimerRouting.ToWheel(header.Topic, queueId, batchProperties, timer.DueMs, now);
                timerSlot = TimerSlots.SlotOf(timer.DueMs);
                stream = TimerSlots.StreamName(_options.ClusterName, broker.Name, timerSlot.Value);
            }
            if (isCancel && timerSlot is null)
            {
                // Due now or earlier (RocketMQ 5 answers WHEEL_TIMER_MSG_ILLEGAL), or in a slot the wheel has closed (its
                // clock says it is due), or sent to a retry topic past its max: a marker outside the wheel would be delivered.
                return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal,
                    $"too late to cancel: the message named by {MessageConst.TimerDelUniqKey} is due at {timer.DueMs}, which is not in the future, so it is delivered or being delivered; a cancel must reach the broker before the delivery time it carries");
            }
        }
        stream ??= queues.StreamName(broker, storeTopic, storeQueueId);

        var pending = new PendingRecords(isBatch ? 16 : 1);
        try
        {
            if (isBatch)
            {
                if (BuildBatch(request, header, queueId, born, broker.StoreHost, now, pending) is { } invalid)
                {
                    return invalid;
                }
            }
            else
            {
                if (Validate(request, request.Body.Length, batchProperties.Length) is { } invalid)
                {
                    return invalid;
                }
                var built = StoredRecords.Build(new OutgoingRecord(
                    storeTopic, storeQueueId, header.Flag, header.SysFlag, header.BornTimestamp, born, now, broker.StoreHost,
                    header.ReconsumeTimes ?? 0, request.Body.Span, batchProperties, _options.ClusterName));
                if (isCancel)
                {
                    // RocketMQ's recall gives the marker the UNIQ_KEY of the message it cancels: its own id must differ
                    // from that entry's, or the slot would take it for a retried send of the original and drop it.
                    built = built with { EventId = Redelivery.DeriveEventId(built.EventId, "timer-cancel") };
                }
                pending.Add(built);
            }

            AppendResult result;
            var appendStarted = Stopwatch.GetTimestamp();
            try
            {
                result = await queues.Store.AppendAsync(stream, pending.Events, null, ct).ConfigureAwait(false);
                metrics.RecordStoreAppend(appendStarted);
            }
            catch (StoreUnavailableException ex)
            {
                return RemotingCommand.CreateResponse(request, ResponseCode.ServiceNotAvailable, $"[STORE_UNAVAILABLE] the message store cannot take writes: {ex.Message}");
            }
            catch (AppendTooLargeException ex)
            {
                return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal, ex.Message);
            }
            stats.RecordPut(storeTopic, storeQueueId, result.Events.Count);
            metrics.RecordStored(header.Topic, result.Events.Count);
            if (timerSlot is { } slot && !isCancel)
            {
                if (!result.Events[0].WasDuplicate)
                {
                    metrics.RecordTimerScheduled(header.Topic);
                }
                // Read fresh, after the append: if the wheel closed the slot meanwhile, its final read may have missed
                // this entry, so deliver it now (under the id the wheel would use: delivered once either way).
                if (slot < await timerFence.OpenFromAsync(broker, TimeSpan.Zero, ct).ConfigureAwait(false))
                {
                    var entry = pending.Events.Span[0];
                    await timerDelivery.DeliverRecordAsync(broker, entry.EventId, entry.Data, time.GetUtcNow().ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
                }
            }
            return Success(request, broker, queueId, result);
        }
        finally
        {
            pending.Dispose();
        }
    }

    private RemotingCommand? Reject(RemotingCommand request, SendMessageRequestHeader header)
    {
        if (!NameRules.IsValidTopic(header.Topic))
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.SystemError, header.Topic.Length > NameRules.MaxTopicLength
                ? $"The specified topic is longer than topic max length {NameRules.MaxTopicLength}."
                : $"The specified topic[{header.Topic}] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$");
        }
        if (TopicService.IsNotAllowedSendTopic(header.Topic))
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.NoPermission, $"Sending message to topic[{header.Topic}] is forbidden.");
        }
        return null;
    }

    /// <summary>
    /// A send to a retry topic (the Java consumer's fallback when CONSUMER_SEND_MSG_BACK fails) goes to the group's
    /// dead-letter topic once reconsumeTimes reaches the group's max (or the header's, from clients ≥ V3_4_9).
    /// </summary>
    private async ValueTask<(string? Topic, RemotingCommand? Error)> RetryTargetAsync(RemotingCommand request, SendMessageRequestHeader header, CancellationToken ct)
    {
        var group = header.Topic[TopicService.RetryGroupTopicPrefix.Length..];
        var config = await groups.GetOrCreateAsync(group, ct).ConfigureAwait(false);
        var max = request.Version >= MQVersion.V3_4_9 && header.MaxReconsumeTimes is { } m ? m : config.RetryMaxTimes;
        if ((header.ReconsumeTimes ?? 0) < max)
        {
            return (null, null);
        }
        var dlq = TopicService.DlqGroupTopicPrefix + group;
        await topics.CreateSystemManagedAsync(dlq, 1, ct).ConfigureAwait(false);
        return (dlq, null);
    }

    private RemotingCommand? Validate(RemotingCommand request, int bodyLength, int propertiesLength)
    {
        if (bodyLength > _options.MaxMessageSize)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal, $"the message body size over max value, MAX: {_options.MaxMessageSize}");
        }
        if (propertiesLength > MaxPropertiesLength)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal, $"the message property length {propertiesLength} exceeds {MaxPropertiesLength} bytes");
        }
        return null;
    }

    private RemotingCommand? BuildBatch(RemotingCommand request, SendMessageRequestHeader header, int queueId, IPEndPoint born, IPEndPoint storeHost, long now, PendingRecords pending)
    {
        if (request.Body.Length > _options.MaxMessageSize)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal, $"the batch body size {request.Body.Length} is over max value, MAX: {_options.MaxMessageSize}");
        }
        var batchProperties = header.Properties ?? "";
        try
        {
            var reader = new BatchMessageReader(request.Body.Span);
            while (reader.TryReadNext(out var message))
            {
                var innerProperties = Encoding.UTF8.GetString(message.Properties);
                var properties = StoredRecords.MergeProperties(innerProperties, batchProperties);
                if (TimerRouting.HasTimerProperty(properties) || TimerRouting.IsCancel(properties))
                {
                    return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal,
                        "a batch message cannot have a delivery time (TIMER_DELIVER_MS / TIMER_DELAY_SEC / TIMER_DELAY_MS) or cancel one (TIMER_DEL_UNIQKEY); send timer messages and cancels one by one");
                }
                if (TransactionTopics.IsHalf(innerProperties, header.SysFlag))
                {
                    return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal, "a batch cannot be transactional; send transactional messages one by one");
                }
                if (DelayRouting.LevelOf(innerProperties) > 0)
                {
                    return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal, "a batch message cannot have a delay level (DELAY); send delayed messages one by one");
                }
                pending.Add(StoredRecords.Build(new OutgoingRecord(
                    header.Topic, queueId, message.Flag, header.SysFlag, header.BornTimestamp, born, now, storeHost,
                    header.ReconsumeTimes ?? 0, message.Body, properties, _options.ClusterName)));
            }
        }
        catch (FormatException ex)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal, $"the batch body is malformed: {ex.Message}");
        }
        if (pending.Count == 0)
        {
            return RemotingCommand.CreateResponse(request, ResponseCode.MessageIllegal, "the batch holds no messages");
        }
        return null;
    }

    private static RemotingCommand Success(RemotingCommand request, LogicalBroker broker, int queueId, AppendResult result)
    {
        var first = result.Events[0];
        string msgId;
        if (result.Events.Count == 1)
        {
            msgId = MessageId.CreateOffsetMsgId(broker.StoreHost, first.Position);
        }
        else
        {
            var sb = new StringBuilder(result.Events.Count * 33);
            for (var i = 0; i < result.Events.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }
                sb.Append(MessageId.CreateOffsetMsgId(broker.StoreHost, result.Events[i].Position));
            }
            msgId = sb.ToString();
        }
        var response = RemotingCommand.CreateResponse(request, ResponseCode.Success);
        new SendMessageResponseHeader { MsgId = msgId, QueueId = queueId, QueueOffset = first.Revision }.EncodeTo(response);
        response.AddExt("MSG_REGION", "DefaultRegion");
        response.AddExt("TRACE_ON", "true");
        return response;
    }

    /// <summary>Encoded records rented from the pool for the duration of one append.</summary>
    private sealed class PendingRecords(int capacity) : IDisposable
    {
        private EventToAppend[] _events = new EventToAppend[capacity];
        private readonly List<byte[]> _rented = new(capacity);

        public int Count { get; private set; }

        public ReadOnlyMemory<EventToAppend> Events => _events.AsMemory(0, Count);

        public void Add(BuiltRecord record)
        {
            if (Count == _events.Length)
            {
                Array.Resize(ref _events, _events.Length * 2);
            }
            _rented.Add(record.Buffer);
            _events[Count++] = new EventToAppend(record.EventId, record.Buffer.AsMemory(0, record.Length), record.StoreTimestamp);
        }

        public void Dispose()
        {
            foreach (var buffer in _rented)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            _rented.Clear();
        }
    }
}
