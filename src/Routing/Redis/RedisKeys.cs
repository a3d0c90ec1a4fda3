using System.Globalization;
using System.Text.Json;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Routing.Redis;

/// <summary>
/// Key, field and channel names, all under one prefix (docs/redis.md lists them). Each key has at most one
/// variable part, at its end, after a fixed part that no other key family starts with, so two different names
/// can never produce the same key.
/// </summary>
internal sealed class RedisKeys
{
    public RedisKeys(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        Prefix = prefix;
        Topics = prefix + "topics";
        Groups = prefix + "groups";
        ConsumerGroups = prefix + "consumer-groups";
        ProducerGroups = prefix + "producer-groups";
        GatewayIds = prefix + "gateways";
        Seeded = prefix + "seeded";
    }

    public string Prefix { get; }

    public string Topics { get; }

    public string Groups { get; }

    public string ConsumerGroups { get; }

    public string ProducerGroups { get; }

    public string GatewayIds { get; }

    public string Seeded { get; }

    public string KvPrefix => Prefix + "kv:";

    public string OffsetsPrefix => Prefix + "offsets:";

    public string OffsetGroupsPrefix => Prefix + "offset-groups:";

    public string ConsumersPrefix => Prefix + "consumers:";

    public string ConsumerSeenPrefix => Prefix + "consumer-seen:";

    public string ProducersPrefix => Prefix + "producers:";

    public string ProducerSeenPrefix => Prefix + "producer-seen:";

    public string GatewayPrefix => Prefix + "gateway:";

    public string Kv(string ns) => KvPrefix + ns;

    public string Offsets(string group) => OffsetsPrefix + group;

    public string OffsetGroups(string topic) => OffsetGroupsPrefix + topic;

    public string Consumers(string group) => ConsumersPrefix + group;

    public string ConsumerSeen(string group) => ConsumerSeenPrefix + group;

    public string Producers(string group) => ProducersPrefix + group;

    public string ProducerSeen(string group) => ProducerSeenPrefix + group;

    public string Gateway(string gatewayId) => GatewayPrefix + gatewayId;

    public string Locks(string group) => Prefix + "locks:" + group;

    public string Lease(string name) => Prefix + "lease:" + name;

    public string LeaseToken(string name) => Prefix + "lease-token:" + name;

    public string Channel(string channel) => Prefix + "channel:" + channel;

    /// <summary>An offset field: the queue id (digits, so the first '@' ends it), then the topic.</summary>
    public static string OffsetField(string topic, int queueId) => $"{queueId.ToString(CultureInfo.InvariantCulture)}@{topic}";

    public static (string Topic, int QueueId) ParseOffsetField(string field)
    {
        var at = field.IndexOf('@', StringComparison.Ordinal);
        return (field[(at + 1)..], int.Parse(field.AsSpan(0, at), CultureInfo.InvariantCulture));
    }

    /// <summary>A queue-lock field: the queue as a JSON array, unambiguous whatever the names contain.</summary>
    public static string LockField(MessageQueue queue)
        => JsonSerializer.Serialize([queue.Topic, queue.BrokerName, queue.QueueId.ToString(CultureInfo.InvariantCulture)], RedisJsonContext.Default.StringArray);
}
