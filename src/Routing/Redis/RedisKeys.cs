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

    /// <summary>
    /// An offset field: the queue id (digits, so the first '@' ends it), the logical broker (no '@' allowed), then the
    /// topic (RocketMQ topic names have no '@', so the last '@' starts it).
    /// </summary>
    public static string OffsetField(string broker, string topic, int queueId)
        => $"{queueId.ToString(CultureInfo.InvariantCulture)}@{broker}@{topic}";

    /// <summary>The field of an older version, without the broker: "{queueId}@{topic}"; it belongs to the first logical broker.</summary>
    public static string LegacyOffsetField(string topic, int queueId) => $"{queueId.ToString(CultureInfo.InvariantCulture)}@{topic}";

    /// <summary>Parses either form; Broker is null for a field of the older form.</summary>
    public static (string? Broker, string Topic, int QueueId) ParseOffsetField(string field)
    {
        var at = field.IndexOf('@', StringComparison.Ordinal);
        var queueId = int.Parse(field.AsSpan(0, at), CultureInfo.InvariantCulture);
        var rest = field[(at + 1)..];
        var last = rest.LastIndexOf('@');
        return last < 0 ? (null, rest, queueId) : (rest[..last], rest[(last + 1)..], queueId);
    }

    public static void ThrowIfInvalidBroker(string broker, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(broker))] string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(broker, name);
        if (broker.Contains('@', StringComparison.Ordinal))
            throw new ArgumentException($"logical broker name '{broker}' contains '@', which offset fields use as a separator", name);
    }

    /// <summary>A queue-lock field: the queue as a JSON array, unambiguous whatever the names contain.</summary>
    public static string LockField(MessageQueue queue)
        => JsonSerializer.Serialize([queue.Topic, queue.BrokerName, queue.QueueId.ToString(CultureInfo.InvariantCulture)], RedisJsonContext.Default.StringArray);
}
