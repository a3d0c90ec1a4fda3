using System.CommandLine;
using EventBroker.Cli.Infrastructure;
using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Messages;

namespace EventBroker.Cli.Commands;

/// <summary>queryMsgById, queryMsgByKey, queryMsgByOffset: find stored messages.</summary>
internal static class QueryCommands
{
    public static IEnumerable<Command> Create(AdminCommand factory)
    {
        yield return QueryMsgById(factory);
        yield return QueryMsgByKey(factory);
        yield return QueryMsgByOffset(factory);
    }

    private static Command QueryMsgById(AdminCommand factory)
    {
        var msgId = Opt.Of<string>("i", "msgId", "Message Id (the offsetMsgId; with -t also the client msgId, UNIQ_KEY)", required: true);
        var topic = Opt.Of<string?>("t", "topic", "topic name: needed to look up a client msgId (UNIQ_KEY)");
        return factory.Create("queryMsgById", "Query Message by Id", async ctx =>
        {
            var ids = ctx.Require(msgId).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var found = new List<MessageView>();
            foreach (var id in ids)
            {
                var messages = await FindByIdAsync(ctx, id, ctx.Get(topic)).ConfigureAwait(false);
                if (messages.Count == 0)
                {
                    throw new AdminException($"message '{id}' not found{(ctx.Get(topic) is { } t ? $" in topic '{t}'" : "")}");
                }
                found.AddRange(messages.Select(MessageView.From));
            }
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new { messages = found });
                return;
            }
            for (var i = 0; i < found.Count; i++)
            {
                if (i > 0)
                {
                    ctx.Output.Line();
                }
                found[i].WriteDetail(ctx.Output);
            }
        }, msgId, topic);
    }

    /// <summary>
    /// An offsetMsgId names the store address and commit-log offset (VIEW_MESSAGE_BY_ID there); a client msgId
    /// (UNIQ_KEY) is looked up with QUERY_MESSAGE's unique-key mode on every broker of the topic.
    /// </summary>
    private static async Task<List<DecodedMessage>> FindByIdAsync(CommandContext ctx, string id, string? topic)
    {
        // Both kinds are 32 hex characters for IPv4 hosts: a client msgId may decode as a (meaningless) store address,
        // so with a topic a failed view falls back to the unique-key query, as mqadmin's queryMsgById does.
        if (MessageId.TryDecodeOffsetMsgId(id, out var storeHost, out var offset) && storeHost.Port > 0)
        {
            var address = $"{storeHost.Address}:{storeHost.Port}";
            try
            {
                var request = Responses.Request(RequestCode.ViewMessageById, new ViewMessageRequestHeader { Offset = offset }.EncodeTo);
                using var response = await ctx.Session.InvokeAsync(address, request, ctx.Cancellation, ResponseCode.SystemError).ConfigureAwait(false);
                if (response.Code == (int)ResponseCode.Success)
                {
                    return [DecodedMessage.Decode(response.Body.Span)];
                }
                if (topic is null)
                {
                    throw new AdminException($"{address} has no message at commit-log offset {offset} ({response.Remark}); if '{id}' is a client msgId, give its topic with -t");
                }
            }
            catch (AdminException) when (topic is not null)
            {
                // Not a reachable store address: try it as a client msgId.
            }
        }
        else if (topic is null)
        {
            throw new AdminException($"'{id}' is not an offsetMsgId (32 or 56 hex characters naming a broker); to look up a client msgId (UNIQ_KEY) give its topic with -t");
        }
        return await QueryAsync(ctx, topic!, id, 0, long.MaxValue, 32, uniqueKey: true).ConfigureAwait(false);
    }

    private static Command QueryMsgByKey(AdminCommand factory)
    {
        var topic = Opt.Of<string>("t", "topic", "Topic name", required: true);
        var key = Opt.Of<string>("k", "msgKey", "Message Key", required: true);
        var begin = Opt.Of("b", "beginTimestamp", "Begin timestamp(ms). default:0, eg:1676730526212", 0L);
        var end = Opt.Of("e", "endTimestamp", "End timestamp(ms). default:Long.MAX_VALUE, eg:1676730526212", long.MaxValue);
        var maxNum = Opt.Of("m", "maxNum", "The maximum number of messages returned by the query, default:64", 64);
        return factory.Create("queryMsgByKey", "Query Message by Key", async ctx =>
        {
            var topicName = ctx.Require(topic);
            var keyValue = ctx.Require(key);
            var max = ctx.Get(maxNum);
            if (max < 1)
            {
                throw new AdminException($"-m/--maxNum must be at least 1 (got {max})");
            }
            var messages = await QueryAsync(ctx, topicName, keyValue, ctx.Get(begin), ctx.Get(end), max, uniqueKey: false).ConfigureAwait(false);
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new { topic = topicName, key = keyValue, messages = messages.Select(MessageView.From) });
                return;
            }
            var table = new Table("#Message ID", "#QID", "#Offset");
            foreach (var message in messages)
            {
                table.Add(message.MsgId, message.QueueId, message.QueueOffset);
            }
            ctx.Output.Write(table);
        }, topic, key, begin, end, maxNum);
    }

    /// <summary>QUERY_MESSAGE on every master of the topic, merged by queue and offset; 22 QUERY_NOT_FOUND counts as none.</summary>
    private static async Task<List<DecodedMessage>> QueryAsync(CommandContext ctx, string topic, string key, long begin, long end, int maxNum, bool uniqueKey)
    {
        var route = await ctx.Session.GetRouteAsync(topic, ctx.Cancellation).ConfigureAwait(false);
        var messages = new List<DecodedMessage>();
        foreach (var (brokerName, address) in AdminSession.MastersOf(route))
        {
            var header = new QueryMessageRequestHeader { Topic = topic, Key = key, MaxNum = maxNum, BeginTimestamp = begin, EndTimestamp = end };
            var request = Responses.Request(RequestCode.QueryMessage, r =>
            {
                header.EncodeTo(r);
                if (uniqueKey)
                {
                    r.AddExt("_UNIQUE_KEY_QUERY", "true");
                }
            });
            using var response = await ctx.Session.InvokeAsync(address, request, ctx.Cancellation, ResponseCode.QueryNotFound).ConfigureAwait(false);
            if (response.Code == (int)ResponseCode.Success)
            {
                // Brokers match keys through a hash index; keep only exact matches, as the Java client does.
                messages.AddRange(DecodedMessage.DecodeAll(response.Body.Span).Where(m => m.Topic == topic && Matches(m, key, uniqueKey)));
            }
        }
        return messages.OrderBy(m => m.QueueId).ThenBy(m => m.QueueOffset).Take(maxNum).ToList();
    }

    private static bool Matches(DecodedMessage message, string key, bool uniqueKey) => uniqueKey
        ? message.MsgId == key
        : (message.Keys ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(key, StringComparer.Ordinal);

    private static Command QueryMsgByOffset(AdminCommand factory)
    {
        var topic = Opt.Of<string>("t", "topic", "topic name", required: true);
        var brokerName = Opt.Of<string>("b", "brokerName", "Broker Name", required: true);
        var queueId = Opt.Of<int>("i", "queueId", "Queue Id", required: true);
        var offset = Opt.Of<long>("o", "offset", "Queue Offset", required: true);
        return factory.Create("queryMsgByOffset", "Query Message by offset", async ctx =>
        {
            var topicName = ctx.Require(topic);
            var broker = ctx.Require(brokerName);
            var queue = new MessageQueue(topicName, broker, ctx.Require(queueId));
            var route = await ctx.Session.GetRouteAsync(topicName, ctx.Cancellation).ConfigureAwait(false);
            var address = AdminSession.MasterOf(route, broker, topicName);
            var at = ctx.Require(offset);
            var reader = new QueueReader(ctx, null);
            var messages = await reader.ReadAsync(address, queue, at, at + 1, 1).ConfigureAwait(false);
            if (messages.Count == 0 || messages[0].QueueOffset != at)
            {
                var (min, max) = (await reader.MinOffsetAsync(address, queue).ConfigureAwait(false), await reader.MaxOffsetAsync(address, queue).ConfigureAwait(false));
                throw new AdminException($"no message at offset {at} of {broker} queue {queue.QueueId} (its messages are at offsets {min} to {max - 1})");
            }
            var view = MessageView.From(messages[0]);
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new { message = view });
                return;
            }
            view.WriteDetail(ctx.Output);
        }, topic, brokerName, queueId, offset);
    }
}
