using System.CommandLine;
using EventBroker.Cli.Infrastructure;
using EventBroker.Client;
using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using EventBroker.Protocol.Json;
using MessageQueue = EventBroker.Protocol.Bodies.MessageQueue;

namespace EventBroker.Cli.Commands;

/// <summary>resetOffsetByTime: move a group's committed offsets on a topic to the first message stored at or after a time.</summary>
internal static class OffsetCommands
{
    public static IEnumerable<Command> Create(AdminCommand factory)
    {
        yield return ResetOffsetByTime(factory);
    }

    private static Command ResetOffsetByTime(AdminCommand factory)
    {
        var group = Opt.Of<string>("g", "group", "set the consumer group", required: true);
        var topic = Opt.Of<string>("t", "topic", "set the topic", required: true);
        var timestamp = Opt.Of<string>("s", "timestamp", "set the timestamp[now|currentTimeMillis|yyyy-MM-dd#HH:mm:ss:SSS]", required: true);
        var force = Opt.Of("f", "force", "set the force rollback by timestamp switch[true|false]: false never moves an offset forward", true);
        return factory.Create("resetOffsetByTime", "Reset consumer offset by timestamp(without client restart).", async ctx =>
        {
            var groupName = ctx.Require(group);
            var topicName = ctx.Require(topic);
            Names.ValidateGroup(groupName);
            var text = ctx.Require(timestamp);
            var millis = Timestamps.Parse(text, ctx.Session.Time);
            var forced = ctx.Get(force);
            var route = await ctx.Session.GetRouteAsync(topicName, ctx.Cancellation).ConfigureAwait(false);

            var (pushed, refusal) = await TryResetThroughBrokerAsync(ctx, route, groupName, topicName, millis, forced).ConfigureAwait(false);
            if (pushed is not null)
            {
                WritePushed(ctx, groupName, topicName, forced, text, millis, pushed);
                return;
            }
            var rows = await ResetOffsetsDirectlyAsync(ctx, route, groupName, topicName, millis, forced).ConfigureAwait(false);
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new { group = groupName, topic = topicName, force = forced, timestamp = millis, pushedToClients = false, queues = rows });
            }
            else
            {
                ctx.Output.Line($"rollback consumer offset by specified group[{groupName}], topic[{topicName}], force[{(forced ? "true" : "false")}], timestamp(string)[{text}], timestamp(long)[{millis}]");
                var table = new Table("#brokerName", "#queueId", "#brokerOffset", "#consumerOffset", "#timestampOffset", "#resetOffset");
                foreach (var row in rows)
                {
                    table.Add(row.BrokerName, row.QueueId, row.BrokerOffset, row.ConsumerOffset, row.TimestampOffset, row.ResetOffset);
                }
                ctx.Output.Write(table);
            }
            if (refusal == ResponseCode.RequestCodeNotSupported)
            {
                await WarnIfConsumersOnlineAsync(ctx, route, groupName).ConfigureAwait(false);
            }
        }, group, topic, timestamp, force);
    }

    /// <summary>
    /// INVOKE_BROKER_TO_RESET_OFFSET, as mqadmin sends it to every broker of the route: each resets its offsets and
    /// tells the group's running consumers. No offsets and the refusal when a broker answers that no consumer is
    /// online (206; mqadmin then commits the offsets itself, and so does this tool) or that it does not support the
    /// code (3: an older broker; the direct way follows, with a warning if consumers are online).
    /// </summary>
    private static async Task<(List<(MessageQueue Queue, long Offset)>? Offsets, ResponseCode Refusal)> TryResetThroughBrokerAsync(
        CommandContext ctx, TopicRouteData route, string group, string topic, long millis, bool force)
    {
        var result = new List<(MessageQueue, long)>();
        foreach (var (_, address) in AdminSession.MastersOf(route))
        {
            var request = Responses.Request(RequestCode.InvokeBrokerToResetOffset, r => r
                .AddExt("topic", topic).AddExt("group", group).AddExt("timestamp", millis.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .AddExt("isForce", force ? "true" : "false"));
            using var response = await ctx.Session.InvokeAsync(address, request, ctx.Cancellation, ResponseCode.RequestCodeNotSupported, ResponseCode.ConsumerNotOnline).ConfigureAwait(false);
            if (response.Code != (int)ResponseCode.Success)
            {
                return (null, (ResponseCode)response.Code);
            }
            if (response.Body.Length > 0 && FastJsonReader.Parse(response.Body.Span)["offsetTable"] is { } table)
            {
                foreach (var member in table.Members)
                {
                    result.Add((member.Key.ToBody<MessageQueue>(), member.Value.GetInt64()));
                }
            }
        }
        return (result, ResponseCode.Success);
    }

    private static void WritePushed(CommandContext ctx, string group, string topic, bool force, string text, long millis, List<(MessageQueue Queue, long Offset)> offsets)
    {
        offsets.Sort((a, b) => a.Queue.BrokerName != b.Queue.BrokerName ? string.CompareOrdinal(a.Queue.BrokerName, b.Queue.BrokerName) : a.Queue.QueueId.CompareTo(b.Queue.QueueId));
        if (ctx.Output.Json)
        {
            ctx.Output.WriteJson(new
            {
                group,
                topic,
                force,
                timestamp = millis,
                pushedToClients = true,
                queues = offsets.Select(o => new { brokerName = o.Queue.BrokerName, queueId = o.Queue.QueueId, resetOffset = o.Offset }),
            });
            return;
        }
        ctx.Output.Line($"rollback consumer offset by specified group[{group}], topic[{topic}], force[{(force ? "true" : "false")}], timestamp(string)[{text}], timestamp(long)[{millis}]");
        var table = new Table("#brokerName", "#queueId", "#offset");
        foreach (var (queue, offset) in offsets)
        {
            table.Add(queue.BrokerName, queue.QueueId, offset);
        }
        ctx.Output.Write(table);
    }

    /// <summary>
    /// ResetOffsetByTimeOldCommand's way: per queue, the offset of the first message at or after the time
    /// (SEARCH_OFFSET_BY_TIMESTAMP), committed with UPDATE_CONSUMER_OFFSET; without force an offset only moves back.
    /// </summary>
    private static async Task<List<ResetRow>> ResetOffsetsDirectlyAsync(CommandContext ctx, TopicRouteData route, string group, string topic, long millis, bool force)
    {
        var reader = new QueueReader(ctx, group);
        var rows = new List<ResetRow>();
        foreach (var queueData in route.QueueDatas.OrderBy(q => q.BrokerName, StringComparer.Ordinal))
        {
            var address = AdminSession.MasterOf(route, queueData.BrokerName, topic);
            for (var q = 0; q < queueData.ReadQueueNums; q++)
            {
                var queue = new MessageQueue(topic, queueData.BrokerName, q);
                var brokerOffset = await reader.MaxOffsetAsync(address, queue).ConfigureAwait(false);
                var consumerOffset = await QueryConsumerOffsetAsync(ctx, address, group, queue).ConfigureAwait(false);
                var timestampOffset = await reader.SearchOffsetAsync(address, queue, millis).ConfigureAwait(false);
                var reset = force || consumerOffset < 0 || timestampOffset < consumerOffset ? timestampOffset : consumerOffset;
                var header = new UpdateConsumerOffsetRequestHeader { ConsumerGroup = group, Topic = topic, QueueId = q, CommitOffset = reset };
                using (await ctx.Session.InvokeAsync(address, Responses.Request(RequestCode.UpdateConsumerOffset, header.EncodeTo), ctx.Cancellation).ConfigureAwait(false))
                {
                }
                rows.Add(new ResetRow(queueData.BrokerName, q, brokerOffset, consumerOffset, timestampOffset, reset));
            }
        }
        return rows;
    }

    /// <summary>The group's committed offset, or -1 when it has none (22 QUERY_NOT_FOUND).</summary>
    private static async Task<long> QueryConsumerOffsetAsync(CommandContext ctx, string address, string group, MessageQueue queue)
    {
        var header = new QueryConsumerOffsetRequestHeader { ConsumerGroup = group, Topic = queue.Topic, QueueId = queue.QueueId };
        using var response = await ctx.Session.InvokeAsync(address, Responses.Request(RequestCode.QueryConsumerOffset, header.EncodeTo), ctx.Cancellation, ResponseCode.QueryNotFound).ConfigureAwait(false);
        return response.Code == (int)ResponseCode.Success ? QueryConsumerOffsetResponseHeader.Decode(response).Offset : -1;
    }

    /// <summary>Running consumers keep their offsets in memory and commit them over a reset they were not told about.</summary>
    private static async Task WarnIfConsumersOnlineAsync(CommandContext ctx, TopicRouteData route, string group)
    {
        var address = AdminSession.MastersOf(route).Select(m => m.Address).FirstOrDefault();
        if (address is null)
        {
            return;
        }
        var request = Responses.Request(RequestCode.GetConsumerListByGroup, new GetConsumerListByGroupRequestHeader { ConsumerGroup = group }.EncodeTo);
        using var response = await ctx.Session.InvokeAsync(address, request, ctx.Cancellation, ResponseCode.SystemError).ConfigureAwait(false);
        if (response.Code == (int)ResponseCode.Success && GetConsumerListByGroupResponseBody.FromJson(response.Body.Span).ConsumerIdList.Count is > 0 and var online)
        {
            ctx.Error.WriteLine(
                $"warning: {online} consumer(s) of group '{group}' are online and the broker could not tell them about the reset "
                + "(INVOKE_BROKER_TO_RESET_OFFSET is not supported there); they may commit their old offsets over it. Restart them to start from the reset offsets.");
        }
    }

    private sealed record ResetRow(string BrokerName, int QueueId, long BrokerOffset, long ConsumerOffset, long TimestampOffset, long ResetOffset);
}
