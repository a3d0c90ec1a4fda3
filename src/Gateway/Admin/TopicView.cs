using EventBroker.Gateway.Broker;
using EventBroker.Gateway.Configuration;
using EventBroker.Protocol.Bodies;
using EventBroker.Routing;

namespace EventBroker.Gateway.Admin;

public sealed record TopicSummary(string Topic, int ReadQueueNums, int WriteQueueNums, int Perm, bool Order, bool System, double Tps);

/// <param name="Tps">Messages stored per second over about the last 10 s by all gateways, from the store's offsets; null on the first look.</param>
public sealed record QueueStatus(string Broker, int QueueId, long MinOffset, long MaxOffset, long LastUpdateTimestamp, double? Tps);

public sealed record TopicDetail(
    string Topic, int ReadQueueNums, int WriteQueueNums, int Perm, bool Order, bool System,
    long TotalMessages, double? Tps, IReadOnlyList<QueueStatus> Queues, IReadOnlyList<string> ConsumerGroups);

/// <summary>Create or update a topic. Perm: 6 read-write, 4 read-only, 2 write-only.</summary>
public sealed record TopicRequest(string? Topic, int? ReadQueueNums, int? WriteQueueNums, int? Perm, bool? Order);

/// <summary>
/// Topics as the topics page shows them: configs, per-queue offsets and recent TPS. The list shows this gateway's
/// counters (cheap for many topics); a topic's own view measures all gateways' rate from the store's offsets.
/// </summary>
public sealed class TopicView(TopicService topics, TopicAdmin admin, QueueStore queues, IRoutingStore routing, BrokerStats stats, BrokerTopology topology, QueueRates rates)
{
    public async Task<IReadOnlyList<TopicSummary>> ListAsync(string? search, bool includeSystem, CancellationToken ct)
    {
        var all = await topics.GetAllAsync(ct).ConfigureAwait(false);
        return all
            .Where(t => includeSystem || !IsSystem(t.TopicName))
            .Where(t => string.IsNullOrEmpty(search) || t.TopicName.Contains(search, StringComparison.OrdinalIgnoreCase))
            .OrderBy(t => t.TopicName, StringComparer.Ordinal)
            .Select(t => new TopicSummary(t.TopicName, t.ReadQueueNums, t.WriteQueueNums, t.Perm, t.Order, IsSystem(t.TopicName),
                Math.Round(stats.TopicPutTps(t.TopicName), 2)))
            .ToList();
    }

    public async Task<TopicDetail?> GetAsync(string topic, CancellationToken ct)
    {
        var config = await routing.GetTopicAsync(topic, ct).ConfigureAwait(false);
        if (config is null)
        {
            return null;
        }
        var queueStatuses = await GetQueuesAsync(config, ct).ConfigureAwait(false);
        var groups = new SortedSet<string>(await routing.GetGroupsWithOffsetsAsync(topic, ct).ConfigureAwait(false), StringComparer.Ordinal);
        foreach (var group in await routing.GetConsumerGroupsAsync(ct).ConfigureAwait(false))
        {
            foreach (var member in await routing.GetConsumersAsync(group, ct).ConfigureAwait(false))
            {
                if (member.Data.SubscriptionDataSet.Any(s => s.Topic == topic))
                {
                    groups.Add(group);
                    break;
                }
            }
        }
        return new TopicDetail(config.TopicName, config.ReadQueueNums, config.WriteQueueNums, config.Perm, config.Order, IsSystem(topic),
            queueStatuses.Sum(q => q.MaxOffset - q.MinOffset), TotalRate(queueStatuses), queueStatuses, [.. groups]);
    }

    public async Task<IReadOnlyList<QueueStatus>?> GetQueuesAsync(string topic, CancellationToken ct)
    {
        var config = await routing.GetTopicAsync(topic, ct).ConfigureAwait(false);
        return config is null ? null : await GetQueuesAsync(config, ct).ConfigureAwait(false);
    }

    private static double? TotalRate(IReadOnlyList<QueueStatus> statuses) =>
        statuses.Any(q => q.Tps is not null) ? Math.Round(statuses.Sum(q => q.Tps ?? 0), 2) : null;

    /// <summary>Every logical broker's queues of the topic: min/max offset, the last store time, recent TPS of all gateways.</summary>
    private async Task<IReadOnlyList<QueueStatus>> GetQueuesAsync(TopicConfig config, CancellationToken ct)
    {
        var result = new List<QueueStatus>();
        var queueCount = Math.Max(config.ReadQueueNums, config.WriteQueueNums);
        foreach (var broker in topology.Brokers)
        {
            for (var q = 0; q < queueCount; q++)
            {
                var bounds = await queues.GetBoundsAsync(broker, config.TopicName, q, ct).ConfigureAwait(false);
                var last = bounds.NextRevision > 0
                    ? await queues.GetStoreTimestampAsync(broker, config.TopicName, q, bounds.NextRevision - 1, ct).ConfigureAwait(false)
                    : 0;
                var rate = rates.Observe(broker.Name, config.TopicName, q, bounds.NextRevision);
                result.Add(new QueueStatus(broker.Name, q, bounds.FirstRevision, bounds.NextRevision, last,
                    rate is { } r ? Math.Round(r, 2) : null));
            }
        }
        return result;
    }

    /// <summary>Creates or updates; returns the problem when the request is not valid.</summary>
    public async Task<(TopicConfig? Config, string? Problem)> PutAsync(TopicRequest request, string? topicFromPath, CancellationToken ct)
    {
        var name = topicFromPath ?? request.Topic;
        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, "'topic' is required: the topic name, ^[%|a-zA-Z0-9_-]+$");
        }
        if (topicFromPath is not null && request.Topic is { } bodyName && bodyName != topicFromPath)
        {
            return (null, $"the body names topic '{bodyName}' but the path names '{topicFromPath}': leave 'topic' out of the body or make them match");
        }
        var existing = await routing.GetTopicAsync(name, ct).ConfigureAwait(false);
        var read = request.ReadQueueNums ?? existing?.ReadQueueNums ?? 8;
        var write = request.WriteQueueNums ?? existing?.WriteQueueNums ?? 8;
        var perm = request.Perm ?? existing?.Perm ?? Perm.ReadWrite;
        if (admin.Validate(name, read, write) is { } problem)
        {
            return (null, problem);
        }
        if (perm is not (Perm.ReadWrite or Perm.Read or Perm.Write))
        {
            return (null, $"perm {perm} is not allowed: use 6 (read-write), 4 (read-only) or 2 (write-only)");
        }
        var config = new TopicConfig
        {
            TopicName = name,
            ReadQueueNums = read,
            WriteQueueNums = write,
            Perm = perm,
            Order = request.Order ?? existing?.Order ?? false,
            TopicFilterType = existing?.TopicFilterType ?? TopicFilterType.SINGLE_TAG,
            TopicSysFlag = existing?.TopicSysFlag ?? 0,
        };
        await admin.PutAsync(config, ct).ConfigureAwait(false);
        return (config, null);
    }

    public async Task<bool> DeleteAsync(string topic, CancellationToken ct)
    {
        var deleted = await admin.DeleteAsync(topic, ct).ConfigureAwait(false);
        stats.ForgetTopic(topic);
        return deleted;
    }

    internal static bool IsSystem(string topic) =>
        TopicService.IsSystemTopic(topic)
        || topic.StartsWith(TopicService.RetryGroupTopicPrefix, StringComparison.Ordinal)
        || topic.StartsWith(TopicService.DlqGroupTopicPrefix, StringComparison.Ordinal)
        || topic.EndsWith("_REPLY_TOPIC", StringComparison.Ordinal);
}

internal static class TopicEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/topics", (TopicView view, string? search, bool? system, CancellationToken ct) => view.ListAsync(search, system ?? false, ct))
            .WithSummary("Topics whose name contains 'search' (case-insensitive); system, retry and DLQ topics only with system=true.");
        api.MapPost("/topics", (TopicView view, TopicRequest body, CancellationToken ct) => PutAsync(view, body, null, ct))
            .WithSummary("Creates or updates a topic (readQueueNums, writeQueueNums default 8, perm 6/4/2 default 6, order).");
        api.MapPut("/topics/{topic}", (TopicView view, string topic, TopicRequest body, CancellationToken ct) => PutAsync(view, body, topic, ct))
            .WithSummary("Creates or updates the topic; fields left out keep their current values.");
        api.MapGet("/topics/{topic}", async (TopicView view, string topic, CancellationToken ct) =>
                await view.GetAsync(topic, ct).ConfigureAwait(false) is { } detail ? Results.Ok(detail) : AdminApi.NotFound($"topic '{topic}' does not exist"))
            .WithSummary("The topic's config, per-queue offsets and recent TPS of all gateways (null on the first look), total messages, and the consumer groups on it.");
        api.MapGet("/topics/{topic}/queues", async (TopicView view, string topic, CancellationToken ct) =>
                await view.GetQueuesAsync(topic, ct).ConfigureAwait(false) is { } queues ? Results.Ok(queues) : AdminApi.NotFound($"topic '{topic}' does not exist"))
            .WithSummary("Per queue of every logical broker: min and max offset, last store time, messages stored per second by all gateways over about 10 s (null on the first look).");
        api.MapDelete("/topics/{topic}", async (TopicView view, string topic, CancellationToken ct) =>
            {
                if (TopicView.IsSystem(topic))
                {
                    return AdminApi.Invalid($"'{topic}' is a system, retry or dead-letter topic; the broker manages it and it cannot be deleted here");
                }
                return await view.DeleteAsync(topic, ct).ConfigureAwait(false) ? Results.NoContent() : AdminApi.NotFound($"topic '{topic}' does not exist");
            })
            .WithSummary("Deletes the topic's config, its queues' messages and every group's offsets on it.");
    }

    private static async Task<IResult> PutAsync(TopicView view, TopicRequest body, string? topic, CancellationToken ct)
    {
        var (config, problem) = await view.PutAsync(body, topic, ct).ConfigureAwait(false);
        return problem is not null
            ? AdminApi.Invalid(problem)
            : Results.Ok(new TopicSummary(config!.TopicName, config.ReadQueueNums, config.WriteQueueNums, config.Perm, config.Order, false, 0));
    }
}
