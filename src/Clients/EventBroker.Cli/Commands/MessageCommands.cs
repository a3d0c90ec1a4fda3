using System.CommandLine;
using System.Globalization;
using EventBroker.Cli.Infrastructure;
using EventBroker.Client;
using EventBroker.Protocol.Messages;
using ProtocolQueue = EventBroker.Protocol.Bodies.MessageQueue;

namespace EventBroker.Cli.Commands;

/// <summary>sendMessage, consumeMessage: put a message in, read messages out (without committing anything).</summary>
internal static class MessageCommands
{
    public static IEnumerable<Command> Create(AdminCommand factory)
    {
        yield return SendMessage(factory);
        yield return ConsumeMessage(factory);
    }

    private static Command SendMessage(AdminCommand factory)
    {
        var topic = Opt.Of<string>("t", "topic", "Topic name", required: true);
        var body = Opt.Of<string>("p", "body", "UTF-8 string format of the message body", required: true);
        var keys = Opt.Of<string?>("k", "key", "Message keys (several separated by spaces)");
        var tags = Opt.Of<string?>("c", "tags", "Message tags");
        var broker = Opt.Of<string?>("b", "broker", "Send message to target broker");
        var queueId = Opt.Of<int?>("i", "qid", "Send message to target queue (needs -b)");
        return factory.Create("sendMessage", "Send a message", async ctx =>
        {
            var topicName = ctx.Require(topic);
            var brokerName = ctx.Get(broker);
            var queue = ctx.Get(queueId);
            if (queue is not null && brokerName is null)
            {
                throw new AdminException("Broker name must be set if the queue is chosen: give -b/--broker with -i/--qid");
            }
            var message = new Message(topicName, ctx.Require(body))
            {
                Tag = ctx.Get(tags),
                Keys = ctx.Get(keys)?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
            };
            // mqadmin sends as a producer group named after the current time; one that exists for this command only.
            var producer = ctx.Session.Client.CreateProducer(new ProducerOptions(ctx.Session.Time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
            SendResult result;
            if (brokerName is not null)
            {
                var queues = await producer.GetPublishQueuesAsync(topicName, ctx.Cancellation).ConfigureAwait(false);
                var brokerQueues = queues.Where(q => q.BrokerName == brokerName).ToList();
                if (brokerQueues.Count == 0)
                {
                    throw new AdminException($"topic '{topicName}' has no writable queue on broker '{brokerName}' (brokers: {string.Join(", ", queues.Select(q => q.BrokerName).Distinct())})");
                }
                var target = queue is null ? brokerQueues[Random.Shared.Next(brokerQueues.Count)] : brokerQueues.FirstOrDefault(q => q.QueueId == queue)
                    ?? throw new AdminException($"broker '{brokerName}' has no writable queue {queue} of topic '{topicName}' (queues 0 to {brokerQueues.Max(q => q.QueueId)})");
                result = await producer.SendAsync(message, target, ctx.Cancellation).ConfigureAwait(false);
            }
            else
            {
                result = await producer.SendAsync(message, ctx.Cancellation).ConfigureAwait(false);
            }
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new
                {
                    brokerName = result.Queue.BrokerName,
                    queueId = result.Queue.QueueId,
                    sendStatus = SendStatusName(result.Status),
                    msgId = result.MessageId,
                    offsetMsgId = result.OffsetMessageId,
                    queueOffset = result.QueueOffset,
                });
                return;
            }
            ctx.Output.Write(new Table("#Broker Name", "#QID", "#Send Result", "#MsgId")
                .Add(result.Queue.BrokerName, result.Queue.QueueId, SendStatusName(result.Status), result.MessageId));
        }, topic, body, keys, tags, broker, queueId);
    }

    // Java's SendStatus names.
    private static string SendStatusName(SendStatus status) => status switch
    {
        SendStatus.SendOk => "SEND_OK",
        SendStatus.FlushDiskTimeout => "FLUSH_DISK_TIMEOUT",
        SendStatus.FlushSlaveTimeout => "FLUSH_SLAVE_TIMEOUT",
        SendStatus.SlaveNotAvailable => "SLAVE_NOT_AVAILABLE",
        _ => status.ToString(),
    };

    private static Command ConsumeMessage(AdminCommand factory)
    {
        var topic = Opt.Of<string>("t", "topic", "Topic name", required: true);
        var brokerName = Opt.Of<string?>("b", "brokerName", "Broker name");
        var queueId = Opt.Of<int?>("i", "queueId", "Queue Id");
        var offset = Opt.Of<long?>("o", "offset", "Queue offset");
        var group = Opt.Of<string?>("g", "consumerGroup", "Consumer group name (default TOOLS_CONSUMER; nothing is committed)");
        var begin = Opt.Of<string?>("s", "beginTimestamp", "Begin timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]");
        var end = Opt.Of<string?>("e", "endTimestamp", "End timestamp[currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]");
        var count = Opt.Of("c", "MessageNumber", "Number of message to be consumed (per queue)", 128);
        return factory.Create("consumeMessage", "Consume message", async ctx =>
        {
            var topicName = ctx.Require(topic);
            var max = ctx.Get(count);
            if (max < 1)
            {
                throw new AdminException($"-c/--MessageNumber must be at least 1 (got {max})");
            }
            var from = ctx.Get(offset);
            if (from is < 0)
            {
                throw new AdminException($"-o/--offset cannot be negative (got {from})");
            }
            var beginAt = ctx.Get(begin) is { } b ? Timestamps.Parse(b, ctx.Session.Time) : (long?)null;
            var endAt = ctx.Get(end) is { } e ? Timestamps.Parse(e, ctx.Session.Time) : (long?)null;
            var route = await ctx.Session.GetRouteAsync(topicName, ctx.Cancellation).ConfigureAwait(false);
            var onlyBroker = ctx.Get(brokerName);
            var onlyQueue = ctx.Get(queueId);
            if (onlyBroker is not null)
            {
                AdminSession.MasterOf(route, onlyBroker, topicName); // a clear error for an unknown broker
            }
            var reader = new QueueReader(ctx, ctx.Get(group));
            var messages = new List<(string BrokerName, DecodedMessage Message)>();
            foreach (var queueData in route.QueueDatas.OrderBy(q => q.BrokerName, StringComparer.Ordinal))
            {
                if (onlyBroker is not null && queueData.BrokerName != onlyBroker)
                {
                    continue;
                }
                var address = AdminSession.MasterOf(route, queueData.BrokerName, topicName);
                for (var q = 0; q < queueData.ReadQueueNums; q++)
                {
                    if (onlyQueue is not null && q != onlyQueue)
                    {
                        continue;
                    }
                    var queue = new ProtocolQueue(topicName, queueData.BrokerName, q);
                    var start = from ?? (beginAt is { } t0 ? await reader.SearchOffsetAsync(address, queue, t0).ConfigureAwait(false) : await reader.MinOffsetAsync(address, queue).ConfigureAwait(false));
                    var stop = endAt is { } t1 ? await reader.SearchOffsetAsync(address, queue, t1).ConfigureAwait(false) : await reader.MaxOffsetAsync(address, queue).ConfigureAwait(false);
                    foreach (var message in await reader.ReadAsync(address, queue, start, stop, max).ConfigureAwait(false))
                    {
                        if (endAt is null || message.StoreTimestamp <= endAt)
                        {
                            messages.Add((queueData.BrokerName, message));
                        }
                    }
                }
            }
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new { topic = topicName, messages = messages.Select(m => new { brokerName = m.BrokerName, message = MessageView.From(m.Message) }) });
                return;
            }
            var table = new Table("#Broker Name", "#QID", "#Offset", "#MsgId", "#Tags", "#Keys", "#Store Time", "#Body");
            foreach (var (broker, message) in messages)
            {
                var view = MessageView.From(message);
                table.Add(broker, view.QueueId, view.QueueOffset, view.MsgId, view.Tags, view.Keys, Timestamps.Human(view.StoreTimestamp), OneLine(view.Body ?? "(binary) " + view.BodyBase64));
            }
            ctx.Output.Write(table);
            ctx.Output.Line();
            ctx.Output.Line($"{messages.Count} message(s)");
        }, topic, brokerName, queueId, offset, group, begin, end, count);
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 120 ? line : line[..117] + "...";
    }
}
