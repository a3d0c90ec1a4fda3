using System.CommandLine;
using System.Text;
using EventBroker.Cli.Infrastructure;
using EventBroker.Client;
using EventBroker.Client.Internal.Remoting;
using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;
using EventBroker.Protocol.Headers;
using MessageQueue = EventBroker.Protocol.Bodies.MessageQueue;

namespace EventBroker.Cli.Commands;

/// <summary>updateTopic, deleteTopic, topicList, topicRoute, topicStatus.</summary>
internal static class TopicCommands
{
    /// <summary>NamesrvUtil.NAMESPACE_ORDER_TOPIC_CONFIG: the KV namespace naming an ordered topic's queues per broker.</summary>
    private const string OrderTopicNamespace = "ORDER_TOPIC_CONFIG";

    public static IEnumerable<Command> Create(AdminCommand factory)
    {
        yield return UpdateTopic(factory);
        yield return DeleteTopic(factory);
        yield return TopicList(factory);
        yield return TopicRoute(factory);
        yield return TopicStatus(factory);
    }

    private static Command UpdateTopic(AdminCommand factory)
    {
        var brokerAddr = Opt.Of<string?>("b", "brokerAddr", "create topic to which broker");
        var cluster = Opt.Of<string?>("c", "clusterName", "create topic to which cluster");
        var topic = Opt.Of<string>("t", "topic", "topic name", required: true);
        var readQueues = Opt.Of("r", "readQueueNums", "set read queue nums", 8);
        var writeQueues = Opt.Of("w", "writeQueueNums", "set write queue nums", 8);
        var perm = Opt.Of("p", "perm", "set topic's permission(2|4|6), intro[2:W 4:R; 6:RW]", 6);
        var order = Opt.Of<bool>("o", "order", "set topic's order(true|false)");
        return factory.Create("updateTopic", "Update or create topic", async ctx =>
        {
            var name = ctx.Require(topic);
            Names.ValidateTopic(name);
            var (read, write, permission) = (ctx.Get(readQueues), ctx.Get(writeQueues), ctx.Get(perm));
            if (read is < 1 or > 1024 || write is < 1 or > 1024)
            {
                throw new AdminException($"-r/--readQueueNums and -w/--writeQueueNums must be between 1 and 1024 (got {read} and {write})");
            }
            if (permission is not (2 or 4 or 6))
            {
                throw new AdminException($"-p/--perm must be 2 (write), 4 (read) or 6 (read and write); got {permission}");
            }
            var targets = await BrokerTargets.ResolveAsync(ctx, ctx.Get(brokerAddr), ctx.Get(cluster)).ConfigureAwait(false);
            var header = new CreateTopicRequestHeader
            {
                Topic = name,
                DefaultTopic = Names.AutoCreateTopic,
                ReadQueueNums = read,
                WriteQueueNums = write,
                Perm = permission,
                TopicFilterType = nameof(TopicFilterType.SINGLE_TAG),
                TopicSysFlag = 0,
                Order = ctx.Get(order),
            };
            var created = new List<string>();
            foreach (var (_, address) in targets.Brokers)
            {
                using var response = await ctx.Session.InvokeAsync(address, Responses.Request(RequestCode.UpdateAndCreateTopic, header.EncodeTo), ctx.Cancellation).ConfigureAwait(false);
                created.Add(address);
                if (!ctx.Output.Json)
                {
                    ctx.Output.Line($"create topic to {address} success.");
                }
            }
            string? orderConf = null;
            if (header.Order && targets.Cluster is not null)
            {
                // As mqadmin with -c: the name servers learn which brokers hold the ordered topic's queues.
                orderConf = string.Join(";", targets.Brokers.Select(b => $"{b.BrokerName}:{write}"));
                foreach (var nameServer in ctx.Session.NameServers)
                {
                    var request = Responses.Request(RequestCode.PutKvConfig, r => r.AddExt("namespace", OrderTopicNamespace).AddExt("key", name).AddExt("value", orderConf));
                    using var _ = await ctx.Session.InvokeEachNameServerAsync(nameServer, request, ctx.Cancellation).ConfigureAwait(false);
                }
            }
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new
                {
                    topic = name,
                    readQueueNums = read,
                    writeQueueNums = write,
                    perm = permission,
                    order = header.Order,
                    orderConf,
                    clusterName = targets.Cluster,
                    brokerAddrs = created,
                });
                return;
            }
            if (orderConf is not null)
            {
                ctx.Output.Line($"set cluster orderConf. isOrder={header.Order}, orderConf=[{orderConf}]");
            }
            ctx.Output.Line($"TopicConfig [topicName={name}, readQueueNums={read}, writeQueueNums={write}, perm={PermText(permission)}, topicFilterType=SINGLE_TAG, topicSysFlag=0, order={(header.Order ? "true" : "false")}]");
        }, brokerAddr, cluster, topic, readQueues, writeQueues, perm, order);
    }

    private static Command DeleteTopic(AdminCommand factory)
    {
        var topic = Opt.Of<string>("t", "topic", "topic name", required: true);
        var cluster = Opt.Of<string>("c", "clusterName", "delete topic from which cluster", required: true);
        return factory.Create("deleteTopic", "Delete topic from broker and NameServer.", async ctx =>
        {
            var name = ctx.Require(topic);
            var clusterName = ctx.Require(cluster);
            Names.ValidateTopic(name);
            var masters = AdminSession.MastersOf(await ctx.Session.GetClusterInfoAsync(ctx.Cancellation).ConfigureAwait(false), clusterName);
            await DeleteEverywhereAsync(ctx, name, masters).ConfigureAwait(false);
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new { topic = name, clusterName, brokerAddrs = masters.Select(m => m.Address), nameServers = ctx.Session.NameServers });
                return;
            }
            ctx.Output.Line($"delete topic [{name}] from cluster [{clusterName}] success.");
            ctx.Output.Line($"delete topic [{name}] from NameServer success.");
        }, topic, cluster);
    }

    /// <summary>DELETE_TOPIC_IN_BROKER on each master, then DELETE_TOPIC_IN_NAMESRV on each name server.</summary>
    public static async Task DeleteEverywhereAsync(CommandContext ctx, string topic, IEnumerable<(string BrokerName, string Address)> masters)
    {
        foreach (var (_, address) in masters)
        {
            using var _ = await ctx.Session.InvokeAsync(address, Responses.Request(RequestCode.DeleteTopicInBroker, r => r.AddExt("topic", topic)), ctx.Cancellation).ConfigureAwait(false);
        }
        foreach (var nameServer in ctx.Session.NameServers)
        {
            using var _ = await ctx.Session.InvokeEachNameServerAsync(nameServer, Responses.Request(RequestCode.DeleteTopicInNamesrv, r => r.AddExt("topic", topic)), ctx.Cancellation).ConfigureAwait(false);
        }
    }

    private static Command TopicList(AdminCommand factory)
    {
        var clusterModel = Opt.Of<bool>("c", "clusterModel", "print each topic's cluster and consumer groups");
        return factory.Create("topicList", "Fetch all topic list from name server", async ctx =>
        {
            var topics = await FetchTopicsAsync(ctx).ConfigureAwait(false);
            if (!ctx.Get(clusterModel))
            {
                if (ctx.Output.Json)
                {
                    ctx.Output.WriteJson(new { topics });
                    return;
                }
                foreach (var name in topics)
                {
                    ctx.Output.Line(name);
                }
                return;
            }
            var rows = new List<(string Cluster, string Topic, string Group)>();
            var clusterOfBroker = ClusterOfBroker(await ctx.Session.GetClusterInfoAsync(ctx.Cancellation).ConfigureAwait(false));
            foreach (var name in topics)
            {
                if (name.StartsWith(Names.RetryTopicPrefix, StringComparison.Ordinal) || name.StartsWith(Names.DlqTopicPrefix, StringComparison.Ordinal))
                {
                    continue; // as mqadmin: retry and dead-letter topics belong to their group, not listed on their own
                }
                var route = await ctx.Session.TryGetRouteAsync(name, ctx.Cancellation).ConfigureAwait(false);
                if (route is null || route.BrokerDatas.Count == 0)
                {
                    continue;
                }
                var clusterName = route.BrokerDatas[0].Cluster is { Length: > 0 } c ? c : clusterOfBroker.GetValueOrDefault(route.BrokerDatas[0].BrokerName, "");
                var groups = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var (_, address) in AdminSession.MastersOf(route))
                {
                    using var response = await ctx.Session.InvokeAsync(address, Responses.Request(RequestCode.QueryTopicConsumeByWho, r => r.AddExt("topic", name)), ctx.Cancellation).ConfigureAwait(false);
                    groups.UnionWith(GroupList.FromJson(response.Body.Span).Groups);
                }
                if (groups.Count == 0)
                {
                    rows.Add((clusterName, name, ""));
                }
                foreach (var group in groups)
                {
                    rows.Add((clusterName, name, group));
                }
            }
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new
                {
                    topics = rows.GroupBy(r => (r.Cluster, r.Topic)).Select(g => new
                    {
                        clusterName = g.Key.Cluster,
                        topic = g.Key.Topic,
                        consumerGroups = g.Where(r => r.Group.Length > 0).Select(r => r.Group),
                    }),
                });
                return;
            }
            var table = new Table("#Cluster Name", "#Topic", "#Consumer Group");
            foreach (var row in rows)
            {
                table.Add(row.Cluster, row.Topic, row.Group);
            }
            ctx.Output.Write(table);
        }, clusterModel);
    }

    public static async Task<List<string>> FetchTopicsAsync(CommandContext ctx)
    {
        using var response = await ctx.Session.InvokeNameServerAsync(() => Responses.Request(RequestCode.GetAllTopicListFromNameServer), ctx.Cancellation).ConfigureAwait(false);
        var topics = EventBroker.Protocol.Bodies.TopicList.FromJson(response.Body.Span).Topics;
        topics.Sort(StringComparer.Ordinal);
        return topics;
    }

    private static Dictionary<string, string> ClusterOfBroker(ClusterInfo info)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (cluster, brokers) in info.ClusterAddrTable)
        {
            foreach (var broker in brokers)
            {
                map[broker] = cluster;
            }
        }
        return map;
    }

    private static Command TopicRoute(AdminCommand factory)
    {
        var topic = Opt.Of<string>("t", "topic", "topic name", required: true);
        var list = Opt.Of<bool>("l", "list", "Use list format to print data");
        return factory.Create("topicRoute", "Examine topic route info", async ctx =>
        {
            var name = ctx.Require(topic);
            var route = await ctx.Session.GetRouteAsync(name, ctx.Cancellation).ConfigureAwait(false);
            var view = new
            {
                topic = name,
                orderTopicConf = route.OrderTopicConf,
                brokerDatas = route.BrokerDatas.Select(b => new
                {
                    cluster = b.Cluster,
                    brokerName = b.BrokerName,
                    brokerAddrs = b.BrokerAddrs.ToDictionary(a => a.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), a => a.Value),
                }),
                queueDatas = route.QueueDatas.Select(q => new
                {
                    brokerName = q.BrokerName,
                    readQueueNums = q.ReadQueueNums,
                    writeQueueNums = q.WriteQueueNums,
                    perm = q.Perm,
                    topicSysFlag = q.TopicSysFlag,
                }),
            };
            if (ctx.Output.Json || !ctx.Get(list))
            {
                ctx.Output.WriteJson(view); // mqadmin prints the route as JSON too
                return;
            }
            var table = new Table("#ClusterName", "#BrokerName", "#BrokerAddrs", "#ReadQueue", "#WriteQueue", "#Perm");
            int totalRead = 0, totalWrite = 0;
            foreach (var queue in route.QueueDatas.OrderBy(q => q.BrokerName, StringComparer.Ordinal))
            {
                var broker = route.BrokerDatas.FirstOrDefault(b => b.BrokerName == queue.BrokerName);
                var addrs = broker is null ? "" : "{" + string.Join(", ", broker.BrokerAddrs.Select(a => $"{a.Key}={a.Value}")) + "}";
                table.Add(broker?.Cluster ?? "", queue.BrokerName, addrs, queue.ReadQueueNums, queue.WriteQueueNums, PermText(queue.Perm));
                totalRead += queue.ReadQueueNums;
                totalWrite += queue.WriteQueueNums;
            }
            table.Add("Total:", route.QueueDatas.Select(q => q.BrokerName).Distinct().Count(), "", totalRead, totalWrite, "");
            ctx.Output.Write(table);
        }, topic, list);
    }

    private static Command TopicStatus(AdminCommand factory)
    {
        var topic = Opt.Of<string>("t", "topic", "topic name", required: true);
        return factory.Create("topicStatus", "Examine topic Status info", async ctx =>
        {
            var name = ctx.Require(topic);
            var queues = await FetchTopicStatsAsync(ctx, name).ConfigureAwait(false);
            if (ctx.Output.Json)
            {
                ctx.Output.WriteJson(new
                {
                    topic = name,
                    queues = queues.Select(q => new
                    {
                        brokerName = q.Queue.BrokerName,
                        queueId = q.Queue.QueueId,
                        minOffset = q.Offset.MinOffset,
                        maxOffset = q.Offset.MaxOffset,
                        lastUpdateTimestamp = q.Offset.LastUpdateTimestamp,
                    }),
                });
                return;
            }
            var table = new Table("#Broker Name", "#QID", "#Min Offset", "#Max Offset", "#Last Updated");
            foreach (var (queue, offset) in queues)
            {
                table.Add(queue.BrokerName, queue.QueueId, offset.MinOffset, offset.MaxOffset, Timestamps.Human(offset.LastUpdateTimestamp));
            }
            ctx.Output.Write(table);
        }, topic);
    }

    /// <summary>GET_TOPIC_STATS_INFO from every master of the topic, sorted by broker and queue.</summary>
    public static async Task<List<(MessageQueue Queue, TopicOffset Offset)>> FetchTopicStatsAsync(CommandContext ctx, string topic)
    {
        var route = await ctx.Session.GetRouteAsync(topic, ctx.Cancellation).ConfigureAwait(false);
        var rows = new List<(MessageQueue, TopicOffset)>();
        foreach (var (_, address) in AdminSession.MastersOf(route))
        {
            var header = new GetTopicStatsInfoRequestHeader { Topic = topic };
            using var response = await ctx.Session.InvokeAsync(address, Responses.Request(RequestCode.GetTopicStatsInfo, header.EncodeTo), ctx.Cancellation).ConfigureAwait(false);
            foreach (var (queue, offset) in TopicStatsTable.FromJson(response.Body.Span).OffsetTable)
            {
                rows.Add((queue, offset));
            }
        }
        rows.Sort((a, b) => a.Item1.BrokerName != b.Item1.BrokerName
            ? string.CompareOrdinal(a.Item1.BrokerName, b.Item1.BrokerName)
            : a.Item1.QueueId.CompareTo(b.Item1.QueueId));
        return rows;
    }

    /// <summary>PermName.perm2String: R, W and X (inherit) flags, '-' where unset.</summary>
    public static string PermText(int perm)
    {
        var text = new StringBuilder("---");
        if (Perm.IsReadable(perm))
        {
            text[0] = 'R';
        }
        if (Perm.IsWriteable(perm))
        {
            text[1] = 'W';
        }
        if (Perm.IsInherited(perm))
        {
            text[2] = 'X';
        }
        return text.ToString();
    }
}
