using System.CommandLine;
using EventBroker.Cli.Infrastructure;
using EventBroker.Client;
using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;

namespace EventBroker.Cli.Commands;

/// <summary>consumerProgress, consumerConnection, producerConnection: who is connected and how far groups have got.</summary>
internal static class ConnectionCommands
{
    public static IEnumerable<Command> Create(AdminCommand factory)
    {
        yield return ConsumerProgress(factory);
        yield return ConsumerConnectionCommand(factory);
        yield return ProducerConnectionCommand(factory);
    }

    private static Command ConsumerProgress(AdminCommand factory)
    {
        var group = Opt.Of<string?>("g", "groupName", "consumer group name");
        var topic = Opt.Of<string?>("t", "topicName", "topic name");
        return factory.Create("consumerProgress", "Query consumers's progress, speed", async ctx =>
        {
            if (ctx.Get(group) is { } name)
            {
                await GroupProgressAsync(ctx, name, ctx.Get(topic)).ConfigureAwait(false);
            }
            else
            {
                await AllGroupsAsync(ctx).ConfigureAwait(false);
            }
        }, group, topic);
    }

    private static async Task GroupProgressAsync(CommandContext ctx, string group, string? topic)
    {
        Names.ValidateGroup(group);
        var stats = await FetchConsumeStatsAsync(ctx, group, topic).ConfigureAwait(false);
        var rows = stats.OffsetTable
            .OrderBy(e => e.Key.Topic, StringComparer.Ordinal).ThenBy(e => e.Key.BrokerName, StringComparer.Ordinal).ThenBy(e => e.Key.QueueId)
            .Select(e => new
            {
                topic = e.Key.Topic,
                brokerName = e.Key.BrokerName,
                queueId = e.Key.QueueId,
                brokerOffset = e.Value.BrokerOffset,
                consumerOffset = e.Value.ConsumerOffset,
                diff = e.Value.BrokerOffset - e.Value.ConsumerOffset,
                lastTimestamp = e.Value.LastTimestamp,
            })
            .ToList();
        var diffTotal = rows.Sum(r => r.diff);
        if (ctx.Output.Json)
        {
            ctx.Output.WriteJson(new { group, consumeTps = stats.ConsumeTps, diffTotal, queues = rows });
            return;
        }
        var table = new Table("#Topic", "#Broker Name", "#QID", "#Broker Offset", "#Consumer Offset", "#Diff", "#LastTime");
        foreach (var row in rows)
        {
            table.Add(row.topic, row.brokerName, row.queueId, row.brokerOffset, row.consumerOffset, row.diff, Timestamps.Human(row.lastTimestamp));
        }
        ctx.Output.Write(table);
        ctx.Output.Line();
        ctx.Output.Line(FormattableString.Invariant($"Consume TPS: {stats.ConsumeTps:0.00}"));
        ctx.Output.Line($"Diff Total: {diffTotal}");
    }

    /// <summary>
    /// GET_CONSUME_STATS from the brokers that serve the group's retry topic (as mqadmin finds them), else from every
    /// master (a group that never connected has no retry topic yet), merged.
    /// </summary>
    public static async Task<ConsumeStats> FetchConsumeStatsAsync(CommandContext ctx, string group, string? topic)
    {
        var route = await ctx.Session.TryGetRouteAsync(Names.RetryTopic(group), ctx.Cancellation).ConfigureAwait(false);
        IEnumerable<(string BrokerName, string Address)> masters = route is not null
            ? AdminSession.MastersOf(route)
            : AllMasters(await ctx.Session.GetClusterInfoAsync(ctx.Cancellation).ConfigureAwait(false));
        var merged = new ConsumeStats();
        foreach (var (_, address) in masters)
        {
            var header = new GetConsumeStatsRequestHeader { ConsumerGroup = group, Topic = topic };
            using var response = await ctx.Session.InvokeAsync(address, Responses.Request(RequestCode.GetConsumeStats, header.EncodeTo), ctx.Cancellation).ConfigureAwait(false);
            var stats = ConsumeStats.FromJson(response.Body.Span);
            merged.ConsumeTps += stats.ConsumeTps;
            foreach (var (queue, offset) in stats.OffsetTable)
            {
                merged.OffsetTable[queue] = offset;
            }
        }
        if (merged.OffsetTable.Count == 0)
        {
            throw new AdminException(topic is null
                ? $"consumer group '{group}' has no consume progress: it has committed no offsets yet (check the group name, or that its consumers are running)"
                : $"consumer group '{group}' has no consume progress on topic '{topic}'");
        }
        return merged;
    }

    private static IEnumerable<(string BrokerName, string Address)> AllMasters(ClusterInfo info) =>
        info.BrokerAddrTable
            .Where(b => b.Value.BrokerAddrs.ContainsKey(0))
            .OrderBy(b => b.Key, StringComparer.Ordinal)
            .Select(b => (b.Key, b.Value.BrokerAddrs[0]));

    /// <summary>Without -g: every group that has a retry topic, with its connections and total lag.</summary>
    private static async Task AllGroupsAsync(CommandContext ctx)
    {
        var rows = new List<GroupRow>();
        foreach (var retryTopic in await TopicCommands.FetchTopicsAsync(ctx).ConfigureAwait(false))
        {
            if (!retryTopic.StartsWith(Names.RetryTopicPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var group = retryTopic[Names.RetryTopicPrefix.Length..];
            long? diffTotal = null;
            double tps = 0;
            try
            {
                var stats = await FetchConsumeStatsAsync(ctx, group, null).ConfigureAwait(false);
                diffTotal = stats.OffsetTable.Values.Sum(o => o.BrokerOffset - o.ConsumerOffset);
                tps = stats.ConsumeTps;
            }
            catch (Exception ex) when (ex is AdminException or EventBrokerException)
            {
                // A group without offsets is still listed, as mqadmin does.
            }
            var connection = await TryConsumerConnectionAsync(ctx, group, null).ConfigureAwait(false);
            rows.Add(new GroupRow(
                group,
                connection?.ConnectionSet.Count ?? 0,
                connection is { ConnectionSet.Count: > 0 } c ? MQVersion.Describe(c.ConnectionSet.Min(x => x.Version)) : "OFFLINE",
                connection is null ? "" : connection.ConsumeType == ConsumeType.CONSUME_ACTIVELY ? "PULL" : "PUSH",
                connection is null ? "" : connection.MessageModel.ToString(),
                tps,
                diffTotal ?? 0));
        }
        if (ctx.Output.Json)
        {
            ctx.Output.WriteJson(new { groups = rows });
            return;
        }
        var table = new Table("#Group", "#Count", "#Version", "#Type", "#Model", "#TPS", "#Diff Total");
        foreach (var row in rows)
        {
            table.Add(row.Group, row.Count, row.Version, row.Type, row.Model, (long)row.Tps, row.DiffTotal);
        }
        ctx.Output.Write(table);
    }

    private static Command ConsumerConnectionCommand(AdminCommand factory)
    {
        var group = Opt.Of<string>("g", "consumerGroup", "consumer group name", required: true);
        var brokerAddr = Opt.Of<string?>("b", "brokerAddr", "broker address");
        return factory.Create("consumerConnection", "Query consumer's socket connection, client version and subscription", async ctx =>
        {
            var name = ctx.Require(group);
            Names.ValidateGroup(name);
            var connection = await TryConsumerConnectionAsync(ctx, name, ctx.Get(brokerAddr)).ConfigureAwait(false)
                ?? throw new AdminException($"consumer group '{name}' is not online: no consumer of it is connected (CONSUMER_NOT_ONLINE)");
            var subscriptions = connection.SubscriptionTable.Values.OrderBy(s => s.Topic, StringComparer.Ordinal).ToList();
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new
                {
                    group = name,
                    connections = connection.ConnectionSet.Select(ToView),
                    subscriptions = subscriptions.Select(s => new { topic = s.Topic, subExpression = s.SubString, expressionType = s.ExpressionType ?? "TAG", subVersion = s.SubVersion }),
                    consumeType = connection.ConsumeType.ToString(),
                    messageModel = connection.MessageModel.ToString(),
                    consumeFromWhere = connection.ConsumeFromWhere.ToString(),
                });
                return;
            }
            var clients = new Table("#ClientId", "#ClientAddr", "#Language", "#Version");
            foreach (var c in connection.ConnectionSet.OrderBy(c => c.ClientId, StringComparer.Ordinal))
            {
                clients.Add(c.ClientId, c.ClientAddr, c.Language, MQVersion.Describe(c.Version));
            }
            ctx.Output.Write(clients);
            ctx.Output.Line();
            ctx.Output.Line("Below is subscription:");
            var subs = new Table("#Topic", "#SubExpression");
            foreach (var s in subscriptions)
            {
                subs.Add(s.Topic, s.SubString);
            }
            ctx.Output.Write(subs);
            ctx.Output.Line();
            ctx.Output.Line($"ConsumeType: {connection.ConsumeType}");
            ctx.Output.Line($"MessageModel: {connection.MessageModel}");
            ctx.Output.Line($"ConsumeFromWhere: {connection.ConsumeFromWhere}");
        }, group, brokerAddr);
    }

    /// <summary>GET_CONSUMER_CONNECTION_LIST from the given broker or one serving the group's retry topic; null when no consumer is online.</summary>
    private static async Task<ConsumerConnection?> TryConsumerConnectionAsync(CommandContext ctx, string group, string? brokerAddr)
    {
        var address = brokerAddr;
        if (address is null)
        {
            var route = await ctx.Session.TryGetRouteAsync(Names.RetryTopic(group), ctx.Cancellation).ConfigureAwait(false);
            address = route is null ? null : AdminSession.MastersOf(route).Select(m => m.Address).FirstOrDefault();
            if (address is null)
            {
                return null; // no retry topic: no consumer of the group ever sent a heartbeat
            }
        }
        var request = Responses.Request(RequestCode.GetConsumerConnectionList, r => r.AddExt("consumerGroup", group));
        using var response = await ctx.Session.InvokeAsync(address, request, ctx.Cancellation, ResponseCode.ConsumerNotOnline).ConfigureAwait(false);
        return response.Code == (int)ResponseCode.ConsumerNotOnline ? null : ConsumerConnection.FromJson(response.Body.Span);
    }

    private static Command ProducerConnectionCommand(AdminCommand factory)
    {
        var group = Opt.Of<string>("g", "producerGroup", "producer group name", required: true);
        var topic = Opt.Of<string>("t", "topic", "topic name", required: true);
        return factory.Create("producerConnection", "Query producer's socket connection and client version", async ctx =>
        {
            var name = ctx.Require(group);
            var topicName = ctx.Require(topic);
            var route = await ctx.Session.GetRouteAsync(topicName, ctx.Cancellation).ConfigureAwait(false);
            var connections = new Dictionary<string, Connection>(StringComparer.Ordinal);
            foreach (var (_, address) in AdminSession.MastersOf(route))
            {
                var request = Responses.Request(RequestCode.GetProducerConnectionList, r => r.AddExt("producerGroup", name));
                using var response = await ctx.Session.InvokeAsync(address, request, ctx.Cancellation).ConfigureAwait(false);
                foreach (var c in ProducerConnection.FromJson(response.Body.Span).ConnectionSet)
                {
                    connections.TryAdd(c.ClientId, c);
                }
            }
            var ordered = connections.Values.OrderBy(c => c.ClientId, StringComparer.Ordinal).ToList();
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new { group = name, topic = topicName, connections = ordered.Select(ToView) });
                return;
            }
            var table = new Table("#", "#ClientId", "#ClientAddr", "#Language", "#Version");
            for (var i = 0; i < ordered.Count; i++)
            {
                table.Add((i + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture), ordered[i].ClientId, ordered[i].ClientAddr, ordered[i].Language, MQVersion.Describe(ordered[i].Version));
            }
            ctx.Output.Write(table);
        }, group, topic);
    }

    private static object ToView(Connection c) => new
    {
        clientId = c.ClientId,
        clientAddr = c.ClientAddr,
        language = c.Language.ToString(),
        version = c.Version,
        versionDesc = MQVersion.Describe(c.Version),
    };

    private sealed record GroupRow(string Group, int Count, string Version, string Type, string Model, double Tps, long DiffTotal);
}
