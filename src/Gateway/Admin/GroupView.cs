using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing;

namespace EventBroker.Gateway.Admin;

public sealed record GroupSummary(string Group, int Members, bool Configured, bool Online);

public sealed record ClientInfo(string ClientId, string Address, string Language, string Version, string Gateway);

public sealed record SubscriptionInfo(string Topic, string Expression, string ExpressionType);

public sealed record QueueLag(string Broker, int QueueId, long BrokerOffset, long ConsumerOffset, long Lag, long LastTimestamp);

public sealed record TopicLag(string Topic, long Lag, IReadOnlyList<QueueLag> Queues);

public sealed record GroupDetail(
    string Group,
    bool Configured,
    string? ConsumeType,
    string? MessageModel,
    string? ConsumeFromWhere,
    int RetryMaxTimes,
    IReadOnlyList<ClientInfo> Members,
    IReadOnlyList<SubscriptionInfo> Subscriptions,
    long TotalLag,
    IReadOnlyList<TopicLag> Lag,
    double ConsumeTps);

public sealed record ProducerGroupSummary(string Group, int Connections);

public sealed record ProducerGroupDetail(string Group, IReadOnlyList<ClientInfo> Connections);

/// <summary>Consumer and producer groups: members, subscriptions, lag per queue and in total.</summary>
public sealed class GroupView(IRoutingStore routing, TopicService topics, QueueStore queues, BrokerStats stats, BrokerTopology topology)
{
    public async Task<IReadOnlyList<GroupSummary>> ListAsync(string? search, CancellationToken ct)
    {
        var configured = (await routing.GetGroupsAsync(ct).ConfigureAwait(false)).Select(g => g.GroupName).ToHashSet(StringComparer.Ordinal);
        var online = await routing.GetConsumerGroupsAsync(ct).ConfigureAwait(false);
        var names = new SortedSet<string>(configured, StringComparer.Ordinal);
        names.UnionWith(online);
        var result = new List<GroupSummary>();
        foreach (var name in names)
        {
            if (!string.IsNullOrEmpty(search) && !name.Contains(search, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var members = await routing.GetConsumersAsync(name, ct).ConfigureAwait(false);
            result.Add(new GroupSummary(name, members.Count, configured.Contains(name), members.Count > 0));
        }
        return result;
    }

    public async Task<GroupDetail?> GetAsync(string group, CancellationToken ct)
    {
        var config = await routing.GetGroupAsync(group, ct).ConfigureAwait(false);
        var members = await routing.GetConsumersAsync(group, ct).ConfigureAwait(false);
        var offsets = await routing.GetGroupOffsetsAsync(group, ct).ConfigureAwait(false);
        if (config is null && members.Count == 0 && offsets.Count == 0)
        {
            return null;
        }
        var subscriptions = new SortedDictionary<string, SubscriptionInfo>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            foreach (var sub in member.Data.SubscriptionDataSet)
            {
                subscriptions.TryAdd(sub.Topic, new SubscriptionInfo(sub.Topic, sub.SubString, sub.ExpressionType ?? "TAG"));
            }
        }
        var topicNames = new SortedSet<string>(subscriptions.Keys, StringComparer.Ordinal);
        topicNames.UnionWith(offsets.Keys.Select(k => k.Topic));
        var lags = new List<TopicLag>();
        double tps = 0;
        foreach (var topic in topicNames)
        {
            if (await LagAsync(group, topic, offsets, ct).ConfigureAwait(false) is { } lag)
            {
                lags.Add(lag);
            }
            tps += stats.GroupGetTps(topic, group);
        }
        var first = members.Count > 0 ? members[0].Data : null;
        return new GroupDetail(
            group,
            config is not null,
            first?.ConsumeType.ToString(),
            first?.MessageModel.ToString(),
            first?.ConsumeFromWhere.ToString(),
            config?.RetryMaxTimes ?? 16,
            [.. members.Select(m => ToInfo(m.Client))],
            [.. subscriptions.Values],
            lags.Sum(l => l.Lag),
            lags,
            Math.Round(tps, 2));
    }

    /// <summary>
    /// The group's lag on one topic: per read queue of every logical broker, the max offset minus the committed
    /// offset on that broker (0 when none is).
    /// </summary>
    private async Task<TopicLag?> LagAsync(string group, string topic, IReadOnlyDictionary<MessageQueue, long> offsets, CancellationToken ct)
    {
        var config = await topics.GetAsync(topic, ct).ConfigureAwait(false);
        if (config is null)
        {
            return null;
        }
        var result = new List<QueueLag>();
        foreach (var broker in topology.Brokers)
        {
            for (var q = 0; q < config.ReadQueueNums; q++)
            {
                var bounds = await queues.GetBoundsAsync(broker, topic, q, ct).ConfigureAwait(false);
                var committed = offsets.TryGetValue(new MessageQueue(topic, broker.Name, q), out var o) ? Math.Max(o, 0) : 0;
                var last = committed > 0 ? await queues.GetStoreTimestampAsync(broker, topic, q, committed - 1, ct).ConfigureAwait(false) : 0;
                result.Add(new QueueLag(broker.Name, q, bounds.NextRevision, committed, Math.Max(0, bounds.NextRevision - Math.Max(committed, bounds.FirstRevision)), last));
            }
        }
        return new TopicLag(topic, result.Sum(r => r.Lag), result);
    }

    public async Task<IReadOnlyList<ProducerGroupSummary>> ListProducersAsync(CancellationToken ct)
    {
        var result = new List<ProducerGroupSummary>();
        foreach (var group in (await routing.GetProducerGroupsAsync(ct).ConfigureAwait(false)).Order(StringComparer.Ordinal))
        {
            var producers = await routing.GetProducersAsync(group, ct).ConfigureAwait(false);
            result.Add(new ProducerGroupSummary(group, producers.Count));
        }
        return result;
    }

    public async Task<ProducerGroupDetail> GetProducersAsync(string group, CancellationToken ct) =>
        new(group, [.. (await routing.GetProducersAsync(group, ct).ConfigureAwait(false)).Select(ToInfo)]);

    private static ClientInfo ToInfo(ClientRegistration client) =>
        new(client.ClientId, client.ClientAddr, client.Language.ToString(), Protocol.MQVersion.Describe(client.Version), client.GatewayId);
}

internal static class GroupEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/groups", (GroupView view, string? search, CancellationToken ct) => view.ListAsync(search, ct))
            .WithSummary("Consumer groups (configured or online) whose name contains 'search', with their online member counts.");
        api.MapGet("/groups/{group}", async (GroupView view, string group, CancellationToken ct) =>
                await view.GetAsync(group, ct).ConfigureAwait(false) is { } detail ? Results.Ok(detail) : AdminApi.NotFound($"consumer group '{group}' has no config, no online member and no offsets"))
            .WithSummary("Members (client id, address, language, version, gateway), subscriptions, lag per queue and in total, consume TPS.");
        api.MapPost("/groups/{group}/reset-offset", async (OffsetReset reset, string group, ResetOffsetRequest body, CancellationToken ct) =>
            {
                var (result, problem) = await reset.ResetAsync(group, body, ct).ConfigureAwait(false);
                return problem is not null ? AdminApi.Invalid(problem) : Results.Ok(result);
            })
            .WithSummary("Moves the group's committed offsets to the first message stored at or after 'timestamp' (ms since epoch) on 'topic' (or every topic the group consumes), and tells online members.");
        api.MapGet("/producers", (GroupView view, CancellationToken ct) => view.ListProducersAsync(ct))
            .WithSummary("Producer groups with connected producers.");
        api.MapGet("/producers/{group}", (GroupView view, string group, CancellationToken ct) => view.GetProducersAsync(group, ct))
            .WithSummary("The producer group's connections: client id, address, language, version, gateway.");
    }
}
