using EventBroker.Protocol;
using EventBroker.Protocol.Bodies;

namespace EventBroker.Gateway.Acl;

/// <summary>
/// What a request needs, as RocketMQ's PlainAccessValidator.parse derives it from the request code: sends need PUB
/// on the topic (a send to a retry topic SUB on the producer group), pulls SUB on the topic and the consumer
/// group, heartbeats SUB on every subscribed topic and group, offset and membership calls SUB on the group. Codes
/// not listed need only a valid signature; the admin codes need an admin account.
/// </summary>
public static class AclResources
{
    /// <summary>Message-trace topic: a PUB on it alone skips the permission check (RocketMQ's exception for traces).</summary>
    public const string TraceTopic = "RMQ_SYS_TRACE_TOPIC";

    private static readonly HashSet<int> AdminCodes =
    [
        (int)RequestCode.UpdateAndCreateTopic,
        (int)RequestCode.UpdateBrokerConfig,
        (int)RequestCode.DeleteTopicInBroker,
        (int)RequestCode.UpdateAndCreateSubscriptionGroup,
        (int)RequestCode.DeleteSubscriptionGroup,
    ];

    public static bool NeedsAdmin(int code) => AdminCodes.Contains(code);

    /// <summary>(resource, permission) pairs; a resource named twice keeps the last permission, as Java's map does.</summary>
    /// <exception cref="FormatException">A HEART_BEAT body that is not HeartbeatData.</exception>
    public static Dictionary<string, byte> Derive(RemotingCommand request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var needed = new Dictionary<string, byte>(StringComparer.Ordinal);
        switch ((RequestCode)request.Code)
        {
            case RequestCode.SendMessage:
                // Java reads a "group" field that SendMessageRequestHeader does not have; the producer group is meant.
                Send(needed, request.GetExt("topic"), request.GetExt("producerGroup"));
                break;
            case RequestCode.SendMessageV2 or RequestCode.SendBatchMessage:
                Send(needed, request.GetExt("b"), request.GetExt("a"));
                break;
            case RequestCode.ConsumerSendMsgBack:
                Add(needed, Group(request.GetExt("group")), AclPermission.Sub);
                break;
            case RequestCode.PullMessage:
                Add(needed, request.GetExt("topic"), AclPermission.Sub);
                Add(needed, Group(request.GetExt("consumerGroup")), AclPermission.Sub);
                break;
            case RequestCode.QueryMessage:
                Add(needed, request.GetExt("topic"), AclPermission.Sub);
                break;
            case RequestCode.HeartBeat:
                var heartbeat = HeartbeatData.FromJson(request.Body.Span);
                foreach (var consumer in heartbeat.ConsumerDataSet)
                {
                    Add(needed, Group(consumer.GroupName), AclPermission.Sub);
                    foreach (var subscription in consumer.SubscriptionDataSet)
                    {
                        Add(needed, subscription.Topic, AclPermission.Sub);
                    }
                }
                break;
            case RequestCode.UnregisterClient or RequestCode.GetConsumerListByGroup:
                Add(needed, Group(request.GetExt("consumerGroup")), AclPermission.Sub);
                break;
            case RequestCode.UpdateConsumerOffset:
                Add(needed, Group(request.GetExt("consumerGroup")), AclPermission.Sub);
                Add(needed, request.GetExt("topic"), AclPermission.Sub);
                break;
        }
        return needed;
    }

    private static void Send(Dictionary<string, byte> needed, string? topic, string? producerGroup)
    {
        if (topic is not null && AclAccount.IsGroupResource(topic))
        {
            Add(needed, Group(producerGroup), AclPermission.Sub);
        }
        else
        {
            Add(needed, topic, AclPermission.Pub);
        }
    }

    private static string? Group(string? group) => string.IsNullOrEmpty(group) ? null : AclAccount.RetryPrefix + group;

    private static void Add(Dictionary<string, byte> needed, string? resource, byte permission)
    {
        if (!string.IsNullOrEmpty(resource))
        {
            needed[resource] = permission;
        }
    }
}
