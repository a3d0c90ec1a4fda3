using System.Text.Json;
using System.Text.Json.Serialization;
using EventBroker.Protocol.Bodies;
using EventBroker.Storage;

namespace EventBroker.Gateway.Cluster;

/// <summary>One change of routing metadata, as kept in the journal stream.</summary>
public sealed record RoutingJournalEntry
{
    public required string Type { get; init; }
    public TopicConfig? Topic { get; init; }
    public SubscriptionGroupConfig? Group { get; init; }
    public string? Name { get; init; }
    public string? Namespace { get; init; }
    public string? Key { get; init; }
    public string? Value { get; init; }
    /// <summary>Offsets checkpoint of an older version: group → "topic@queueId" → offset, all the first logical broker's. Only read.</summary>
    public Dictionary<string, Dictionary<string, long>>? Offsets { get; init; }
    /// <summary>Offsets checkpoint: logical broker → group → "topic@queueId" → offset.</summary>
    public Dictionary<string, Dictionary<string, Dictionary<string, long>>>? BrokerOffsets { get; init; }

    public const string TopicPut = "topic-put";
    public const string TopicDelete = "topic-delete";
    public const string GroupPut = "group-put";
    public const string GroupDelete = "group-delete";
    public const string KvPut = "kv-put";
    public const string KvDelete = "kv-delete";
    public const string OffsetsCheckpoint = "offsets";
}

/// <summary>
/// Routing metadata appended to a system stream of the stream store (<c>eventbroker/{cluster}/routing</c>), so a
/// Redis that lost its data (FLUSHALL, a restart without persistence) is rebuilt from the store of record: topics,
/// groups and kv config exactly, consumer offsets as of the last checkpoint (every few seconds).
/// </summary>
public sealed class RoutingJournal(IStreamStore store, string clusterName, string firstBroker)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Not under the queues' prefix (mq/), so message retention never touches it.</summary>
    public string StreamName { get; } = $"eventbroker/{clusterName}/routing";

    public async ValueTask AppendAsync(RoutingJournalEntry entry, CancellationToken ct)
    {
        var data = JsonSerializer.SerializeToUtf8Bytes(entry, Json);
        await store.AppendAsync(StreamName, new[] { new EventToAppend(Guid.CreateVersion7(), data, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()) }, null, ct).ConfigureAwait(false);
    }

    /// <summary>Replays the journal into the state it describes (later entries win).</summary>
    public async Task<RoutingState> ReadStateAsync(CancellationToken ct)
    {
        var state = new RoutingState(firstBroker);
        var bounds = await store.GetBoundsAsync(StreamName, ct).ConfigureAwait(false);
        var next = bounds.FirstRevision;
        while (next < bounds.NextRevision)
        {
            using var batch = await store.ReadForwardAsync(StreamName, next, 512, 4 * 1024 * 1024, ct).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }
            for (var i = 0; i < batch.Count; i++)
            {
                var entry = JsonSerializer.Deserialize<RoutingJournalEntry>(batch.GetData(i).Span, Json);
                if (entry is not null)
                {
                    state.Apply(entry);
                }
                next = batch.Entries[i].Revision + 1;
            }
        }
        return state;
    }
}

/// <summary>The routing metadata a journal replay arrives at; offsets checkpointed without a broker are <paramref name="firstBroker"/>'s.</summary>
public sealed class RoutingState(string firstBroker)
{
    public Dictionary<string, TopicConfig> Topics { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SubscriptionGroupConfig> Groups { get; } = new(StringComparer.Ordinal);
    public Dictionary<(string Namespace, string Key), string> Kv { get; } = new();
    public Dictionary<(string Broker, string Group, string Topic, int QueueId), long> Offsets { get; } = new();

    public void Apply(RoutingJournalEntry entry)
    {
        switch (entry.Type)
        {
            case RoutingJournalEntry.TopicPut when entry.Topic is { } topic:
                Topics[topic.TopicName] = topic;
                break;
            case RoutingJournalEntry.TopicDelete when entry.Name is { } name:
                Topics.Remove(name);
                foreach (var key in Offsets.Keys.Where(k => k.Topic == name).ToList())
                {
                    Offsets.Remove(key);
                }
                break;
            case RoutingJournalEntry.GroupPut when entry.Group is { } group:
                Groups[group.GroupName] = group;
                break;
            case RoutingJournalEntry.GroupDelete when entry.Name is { } name:
                Groups.Remove(name);
                break;
            case RoutingJournalEntry.KvPut when entry is { Namespace: { } ns, Key: { } key, Value: { } value }:
                Kv[(ns, key)] = value;
                break;
            case RoutingJournalEntry.KvDelete when entry is { Namespace: { } ns, Key: { } key }:
                Kv.Remove((ns, key));
                break;
            case RoutingJournalEntry.OffsetsCheckpoint:
                ApplyOffsets(firstBroker, entry.Offsets);
                foreach (var (broker, groups) in entry.BrokerOffsets ?? [])
                {
                    ApplyOffsets(broker, groups);
                }
                break;
        }
    }

    private void ApplyOffsets(string broker, Dictionary<string, Dictionary<string, long>>? groups)
    {
        foreach (var (group, queues) in groups ?? [])
        {
            foreach (var (queue, offset) in queues)
            {
                var at = queue.LastIndexOf('@');
                if (at > 0 && int.TryParse(queue.AsSpan(at + 1), out var queueId))
                {
                    Offsets[(broker, group, queue[..at], queueId)] = offset;
                }
            }
        }
    }
}
